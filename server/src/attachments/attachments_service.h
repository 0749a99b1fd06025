// Uploading attachments and reading them back. An upload belongs to its
// uploader until it is posted (PostsService::Create links it); from then on
// it is the patient's data, read only through the patient access door.
#pragma once

#include <string>

#include "access/actor.h"
#include "access/patient_access.h"
#include "attachments/attachments_store.h"
#include "common/clock.h"
#include "storage/database.h"

namespace tsunagu::attachments {

class AttachmentsService {
 public:
  AttachmentsService(storage::Database& db, const AttachmentsStore& store, const access::PatientAccess& access,
                     const Clock& clock);

  // Stores a file for the signed-in professional (kPermissionDenied for
  // others) and records the upload in the audit trail. The type comes from
  // the bytes: kUnsupportedType unless JPEG, PNG, WebP, HEIC/HEIF or PDF;
  // kInvalidArgument (field "file") when empty or an image that cannot be
  // decoded; kTooLarge over kMaxFileBytes. Images get a JPEG thumbnail.
  // Also removes the actor's and others' unlinked uploads older than
  // kUnlinkedLifetimeMs (they were never posted).
  Attachment Upload(const access::Actor& actor, const std::string& raw_file_name, const std::string& data);

  // The file (or its thumbnail): to its uploader while unlinked; once posted,
  // to whoever may read the patient (PatientAccess, audited). kNotFound for
  // everyone else, and for the thumbnail of a file that has none.
  AttachmentContent Read(const access::Actor& actor, const std::string& id, bool thumbnail);

 private:
  storage::Database& db_;
  const AttachmentsStore& store_;
  const access::PatientAccess& access_;
  const Clock& clock_;
};

}  // namespace tsunagu::attachments
