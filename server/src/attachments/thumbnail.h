// Thumbnails of uploaded photos, made with libgd.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tsunagu::attachments {

// The long side of a thumbnail, in pixels.
inline constexpr int kThumbnailMaxSide = 320;

struct ThumbnailResult {
  enum class Status {
    kMade,     // `jpeg` holds the thumbnail
    kCorrupt,  // the image cannot be decoded: refuse the upload
    kSkipped,  // valid as far as we can tell, but no thumbnail (HEIC without a
               // decoder, or larger than we decode): keep the file without one
  };
  Status status = Status::kSkipped;
  std::string jpeg;
};

// Decodes `data` (of the detected `content_type`: image/jpeg, image/png,
// image/webp or image/heic), applies the JPEG's EXIF orientation, scales it
// to at most kThumbnailMaxSide on the long side (never up) over white, and
// encodes it as JPEG. Images over 50 megapixels (by their headers) are not
// decoded. At most two decodes run at once, to bound memory. Thread-safe.
ThumbnailResult MakeThumbnail(std::string_view data, std::string_view content_type);

// The EXIF orientation (1-8) of a JPEG; 1 when it has none.
int JpegOrientation(std::string_view data);

}  // namespace tsunagu::attachments
