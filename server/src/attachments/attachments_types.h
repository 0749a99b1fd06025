// Attachments of the notebook: photos (JPEG, PNG, WebP, HEIC/HEIF) and PDFs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace tsunagu::attachments {

// The largest file accepted (API.md: an upload at most 20 MiB).
inline constexpr size_t kMaxFileBytes = size_t{20} << 20;
// The display name's length limit, in characters.
inline constexpr size_t kMaxFileNameChars = 200;
// Unlinked uploads older than this are removed (see AttachmentsService::Upload).
inline constexpr TimestampMs kUnlinkedLifetimeMs = 24LL * 3600 * 1000;

struct Attachment {
  std::string id;
  std::string uploaded_by;
  TimestampMs created_at = 0;
  std::string content_type;  // from detection, never from the client
  int64_t byte_size = 0;
  std::string file_name;  // display only, see DisplayName()
  std::string sha256;     // lower-case hex of the bytes
  bool has_thumbnail = false;
  std::optional<std::string> post_id;     // set once posted
  std::optional<std::string> patient_id;  // set once posted
};

// The bytes of an attachment (or of its thumbnail) with what describes them.
struct AttachmentContent {
  Attachment attachment;
  std::string content_type;  // of these bytes (image/jpeg for a thumbnail)
  std::string bytes;
};

struct MediaType {
  std::string_view content_type;
  std::string_view extension;  // without the dot
  bool image;
};

// The type of `data` by its first bytes (magic numbers), whatever its name or
// declared type says: JPEG, PNG, WebP, HEIC/HEIF (ISO BMFF "ftyp" brands) or
// PDF. nullopt for anything else (HTML, text, executables, ...).
std::optional<MediaType> DetectMediaType(std::string_view data);

// A file name that names a path, not a file: it holds "/" or "\" (either
// system's separator), or is "." or "..". Such uploads are refused.
bool IsPathLike(std::string_view raw);

// The name to show for an uploaded file (not path-like): without control or
// bidirectional-override characters or bytes that are not UTF-8, trimmed, at
// most kMaxFileNameChars characters; a name left empty (or "." or "..")
// becomes "file.<extension>".
std::string DisplayName(std::string_view raw, std::string_view extension);

}  // namespace tsunagu::attachments
