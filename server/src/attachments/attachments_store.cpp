#include "attachments/attachments_store.h"

namespace tsunagu::attachments {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO attachments (id, uploaded_by, created_at, content_type, byte_size, file_name, sha256, "
    "has_thumbnail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr std::string_view kInsertData =
    "INSERT INTO attachment_data (attachment_id, data, thumbnail) VALUES ($1, $2, $3)";
#define TSUNAGU_ATTACHMENT_COLUMNS                                                                    \
  "id, uploaded_by, created_at, content_type, byte_size, file_name, sha256, has_thumbnail, post_id, " \
  "patient_id "
constexpr std::string_view kFind = "SELECT " TSUNAGU_ATTACHMENT_COLUMNS "FROM attachments WHERE id = $1";
#undef TSUNAGU_ATTACHMENT_COLUMNS
constexpr std::string_view kReadData = "SELECT data FROM attachment_data WHERE attachment_id = $1";
constexpr std::string_view kReadThumbnail = "SELECT thumbnail FROM attachment_data WHERE attachment_id = $1";
constexpr std::string_view kLink =
    "UPDATE attachments SET post_id = $1, patient_id = $2, position = $3 "
    "WHERE id = $4 AND uploaded_by = $5 AND post_id IS NULL AND patient_id IS NULL";
constexpr std::string_view kDeleteUnlinked =
    "DELETE FROM attachments WHERE post_id IS NULL AND patient_id IS NULL AND created_at < $1";

Attachment ToAttachment(const storage::Row& r) {
  Attachment a;
  a.id = r.Text(0);
  a.uploaded_by = r.Text(1);
  a.created_at = r.Int(2);
  a.content_type = r.Text(3);
  a.byte_size = r.Int(4);
  a.file_name = r.Text(5);
  a.sha256 = r.Text(6);
  a.has_thumbnail = r.Bool(7);
  a.post_id = r.OptText(8);
  a.patient_id = r.OptText(9);
  return a;
}

}  // namespace

void AttachmentsStore::Insert(Connection& c, const Attachment& a, const std::string& data,
                              const std::optional<std::string>& thumbnail) const {
  c.Execute(kInsert,
            {a.id, a.uploaded_by, a.created_at, a.content_type, a.byte_size, a.file_name, a.sha256, a.has_thumbnail});
  c.Execute(kInsertData, {a.id, storage::Param::Bytes(data),
                          thumbnail ? storage::Param::Bytes(*thumbnail) : storage::Param(std::nullopt)});
}

std::optional<Attachment> AttachmentsStore::Find(Connection& c, const std::string& id) const {
  auto r = c.QueryOne(kFind, {id});
  if (!r) return std::nullopt;
  return ToAttachment(*r);
}

std::optional<std::string> AttachmentsStore::ReadData(Connection& c, const std::string& id) const {
  auto r = c.QueryOne(kReadData, {id});
  if (!r) return std::nullopt;
  return r->Take(0);
}

std::optional<std::string> AttachmentsStore::ReadThumbnail(Connection& c, const std::string& id) const {
  auto r = c.QueryOne(kReadThumbnail, {id});
  if (!r) return std::nullopt;
  return r->Take(0);
}

bool AttachmentsStore::Link(Connection& c, const std::string& id, const std::string& uploader,
                            const std::optional<std::string>& post_id, const std::string& patient_id,
                            int position) const {
  return c.Execute(kLink, {post_id, patient_id, position, id, uploader}) == 1;
}

int64_t AttachmentsStore::DeleteUnlinkedBefore(Connection& c, TimestampMs before) const {
  return c.Execute(kDeleteUnlinked, {before});
}

}  // namespace tsunagu::attachments
