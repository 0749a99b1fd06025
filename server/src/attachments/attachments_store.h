// Storage of attachments: their description (attachments) and their bytes
// (attachment_data). Makes no access decisions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attachments/attachments_types.h"
#include "storage/database.h"

namespace tsunagu::attachments {

class AttachmentsStore {
 public:
  using Connection = storage::Connection;

  // Inserts an unlinked attachment with its bytes and thumbnail (if any).
  void Insert(Connection& c, const Attachment& a, const std::string& data,
              const std::optional<std::string>& thumbnail) const;
  std::optional<Attachment> Find(Connection& c, const std::string& id) const;
  // The bytes of the file, or of its thumbnail (nullopt when it has none).
  std::optional<std::string> ReadData(Connection& c, const std::string& id) const;
  std::optional<std::string> ReadThumbnail(Connection& c, const std::string& id) const;

  // Links the attachment to a patient's post as its `position`-th (from 0),
  // or, without a post, to the patient (the scan of a consent form), only if
  // it was uploaded by `uploader` and is not linked yet; false otherwise (also
  // when it does not exist). Race-free: the check is the UPDATE's condition.
  bool Link(Connection& c, const std::string& id, const std::string& uploader,
            const std::optional<std::string>& post_id, const std::string& patient_id, int position) const;

  // Removes unlinked uploads created before `before`; returns how many.
  int64_t DeleteUnlinkedBefore(Connection& c, TimestampMs before) const;
};

}  // namespace tsunagu::attachments
