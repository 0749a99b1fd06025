#include "attachments/attachments_service.h"

#include "access/access_policy.h"
#include "attachments/thumbnail.h"
#include "common/crypto.h"
#include "common/error.h"

namespace tsunagu::attachments {
namespace {

[[noreturn]] void AttachmentNotFound() { throw AppError(ErrorCode::kNotFound, "添付ファイルが見つかりません"); }

}  // namespace

AttachmentsService::AttachmentsService(storage::Database& db, const AttachmentsStore& store,
                                       const access::PatientAccess& access, const Clock& clock)
    : db_(db), store_(store), access_(access), clock_(clock) {}

Attachment AttachmentsService::Upload(const access::Actor& actor, const std::string& raw_file_name,
                                      const std::string& data) {
  access::RequireSignedIn(actor);
  if (!actor.professional())
    throw AppError(ErrorCode::kPermissionDenied, "ファイルの添付は事業所に所属する専門職が行います");
  if (IsPathLike(raw_file_name))
    throw AppError::InvalidField("file", "ファイル名にフォルダの区切り（/ や \\）を含むファイルは受け付けられません");
  if (data.empty()) throw AppError::InvalidField("file", "ファイルが空です");
  if (data.size() > kMaxFileBytes)
    throw AppError(ErrorCode::kTooLarge, "ファイルが大きすぎます（20MiBまで）", "too_large");
  const auto type = DetectMediaType(data);
  if (!type)
    throw AppError(ErrorCode::kUnsupportedType, "写真（JPEG・PNG・WebP・HEIC）か PDF のファイルを選んでください",
                   "unsupported_media_type");
  std::optional<std::string> thumbnail;
  if (type->image) {
    auto made = MakeThumbnail(data, type->content_type);
    if (made.status == ThumbnailResult::Status::kCorrupt)
      throw AppError::InvalidField("file", "画像が壊れているか、読み取れない形式です");
    if (made.status == ThumbnailResult::Status::kMade) thumbnail = std::move(made.jpeg);
  }
  const TimestampMs now = clock_.NowMs();
  Attachment a;
  a.id = NewId(now);
  a.uploaded_by = *actor.user_id;
  a.created_at = now;
  a.content_type = std::string(type->content_type);
  a.byte_size = static_cast<int64_t>(data.size());
  a.file_name = DisplayName(raw_file_name, type->extension);
  a.sha256 = Sha256Hex(data);
  a.has_thumbnail = thumbnail.has_value();
  db_.Transaction([&](storage::Connection& c) {
    store_.DeleteUnlinkedBefore(c, now - kUnlinkedLifetimeMs);
    store_.Insert(c, a, data, thumbnail);
    access_.Record(c, actor, "attachment.upload", "attachment:" + a.id);
  });
  return a;
}

AttachmentContent AttachmentsService::Read(const access::Actor& actor, const std::string& id, bool thumbnail) {
  access::RequireSignedIn(actor);
  if (id.empty() || id.size() > 64) AttachmentNotFound();
  auto load = [&](storage::Connection& c, const Attachment& a) {
    AttachmentContent out{a, thumbnail ? "image/jpeg" : a.content_type, {}};
    auto bytes = thumbnail ? store_.ReadThumbnail(c, id) : store_.ReadData(c, id);
    if (!bytes) AttachmentNotFound();
    out.bytes = std::move(*bytes);
    return out;
  };
  auto found = db_.Read([&](storage::Connection& c) { return store_.Find(c, id); });
  if (!found) AttachmentNotFound();
  if (!found->patient_id) {
    // Not posted yet: its uploader's alone.
    if (found->uploaded_by != actor.user_id) AttachmentNotFound();
    return db_.Read([&](storage::Connection& c) { return load(c, *found); });
  }
  try {
    return access_.Read(actor, *found->patient_id, thumbnail ? "attachment.thumbnail" : "attachment.read",
                        "attachment:" + id,
                        [&](storage::Connection& c, const auto& /*grant*/) { return load(c, *found); });
  } catch (const AppError& e) {
    // An attachment of a patient the actor cannot see does not exist for them.
    if (e.code() == ErrorCode::kNotFound) AttachmentNotFound();
    throw;
  }
}

}  // namespace tsunagu::attachments
