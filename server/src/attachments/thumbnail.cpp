#include "attachments/thumbnail.h"

#include <gd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <semaphore>

namespace tsunagu::attachments {
namespace {

constexpr int64_t kMaxDecodePixels = 50'000'000;
constexpr int kJpegQuality = 80;

std::counting_semaphore<2> decode_slots(2);

struct ImageDeleter {
  void operator()(gdImagePtr im) const {
    if (im) gdImageDestroy(im);
  }
};
using Image = std::unique_ptr<gdImage, ImageDeleter>;

uint32_t Be(std::string_view d, size_t i, int n) {
  uint32_t v = 0;
  for (int k = 0; k < n; ++k) v = (v << 8) | static_cast<unsigned char>(d[i + k]);
  return v;
}
uint32_t Le(std::string_view d, size_t i, int n) {
  uint32_t v = 0;
  for (int k = n - 1; k >= 0; --k) v = (v << 8) | static_cast<unsigned char>(d[i + k]);
  return v;
}

// Width and height from the file's headers, without decoding; nullopt when
// they cannot be read there (the decoder then decides).
std::optional<std::pair<int64_t, int64_t>> HeaderSize(std::string_view d, std::string_view type) {
  if (type == "image/png" && d.size() >= 24) return std::pair<int64_t, int64_t>{Be(d, 16, 4), Be(d, 20, 4)};
  if (type == "image/webp" && d.size() >= 30) {
    const auto chunk = d.substr(12, 4);
    if (chunk == "VP8X") return std::pair<int64_t, int64_t>{Le(d, 24, 3) + 1, Le(d, 27, 3) + 1};
    if (chunk == "VP8L" && static_cast<unsigned char>(d[20]) == 0x2F) {
      const uint32_t bits = Le(d, 21, 4);
      return std::pair<int64_t, int64_t>{(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
    }
    if (chunk == "VP8 ") return std::pair<int64_t, int64_t>{Le(d, 26, 2) & 0x3FFF, Le(d, 28, 2) & 0x3FFF};
  }
  if (type == "image/jpeg") {
    size_t i = 2;
    while (i + 9 < d.size() && static_cast<unsigned char>(d[i]) == 0xFF) {
      const auto marker = static_cast<unsigned char>(d[i + 1]);
      if (marker == 0xFF) {
        ++i;
        continue;
      }
      const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) return std::pair<int64_t, int64_t>{Be(d, i + 7, 2), Be(d, i + 5, 2)};
      if (marker == 0xDA) break;
      i += 2 + Be(d, i + 2, 2);
    }
  }
  return std::nullopt;
}

void IgnoreGdMessages(int /*priority*/, const char* /*format*/, va_list /*args*/) {}

Image Decode(std::string_view data, std::string_view type) {
  auto size = static_cast<int>(data.size());
  void* p = const_cast<char*>(data.data());  // NOLINT: gd takes non-const but only reads
  if (type == "image/jpeg") return Image(gdImageCreateFromJpegPtr(size, p));
  if (type == "image/png") return Image(gdImageCreateFromPngPtr(size, p));
  if (type == "image/webp") return Image(gdImageCreateFromWebpPtr(size, p));
  if (type == "image/heic") return Image(gdImageCreateFromHeifPtr(size, p));
  return nullptr;
}

// Applies an EXIF orientation (1-8) to a small image.
Image Orient(Image src, int orientation) {
  if (orientation < 2 || orientation > 8) return src;
  const int w = gdImageSX(src.get());
  const int h = gdImageSY(src.get());
  const bool swap = orientation >= 5;
  Image dst(gdImageCreateTrueColor(swap ? h : w, swap ? w : h));
  if (!dst) return src;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      int dx = x;
      int dy = y;
      switch (orientation) {
        case 2:
          dx = w - 1 - x;
          break;
        case 3:
          dx = w - 1 - x, dy = h - 1 - y;
          break;
        case 4:
          dy = h - 1 - y;
          break;
        case 5:
          dx = y, dy = x;
          break;
        case 6:
          dx = h - 1 - y, dy = x;
          break;
        case 7:
          dx = h - 1 - y, dy = w - 1 - x;
          break;
        case 8:
          dx = y, dy = w - 1 - x;
          break;
        default:
          break;
      }
      gdImageSetPixel(dst.get(), dx, dy, gdImageGetTrueColorPixel(src.get(), x, y));
    }
  }
  return dst;
}

}  // namespace

int JpegOrientation(std::string_view d) {
  size_t i = 2;
  while (i + 4 < d.size() && static_cast<unsigned char>(d[i]) == 0xFF) {
    const auto marker = static_cast<unsigned char>(d[i + 1]);
    const size_t len = Be(d, i + 2, 2);
    if (marker == 0xDA || (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC))
      break;
    if (marker == 0xE1 && len >= 16 && i + 2 + len <= d.size() &&
        d.substr(i + 4, 6) == std::string_view("Exif\0\0", 6)) {
      const std::string_view tiff = d.substr(i + 10, len - 8);
      const bool le = tiff.substr(0, 2) == "II";
      if (!le && tiff.substr(0, 2) != "MM") return 1;
      auto rd = [&](size_t at, int n) -> uint32_t {
        if (at + n > tiff.size()) return 0;
        return le ? Le(tiff, at, n) : Be(tiff, at, n);
      };
      const uint32_t ifd = rd(4, 4);
      const uint32_t count = rd(ifd, 2);
      for (uint32_t k = 0; k < count && k < 256; ++k) {
        const size_t entry = ifd + 2 + 12 * size_t{k};
        if (rd(entry, 2) == 0x0112) {
          const uint32_t v = rd(entry + 8, 2);
          return v >= 1 && v <= 8 ? static_cast<int>(v) : 1;
        }
      }
      return 1;
    }
    i += 2 + len;
  }
  return 1;
}

ThumbnailResult MakeThumbnail(std::string_view data, std::string_view content_type) {
  static const bool quiet = [] {
    gdSetErrorMethod(IgnoreGdMessages);
    return true;
  }();
  (void)quiet;
  ThumbnailResult result;
  if (data.size() > static_cast<size_t>(INT32_MAX)) return result;
  if (auto size = HeaderSize(data, content_type)) {
    if (size->first <= 0 || size->second <= 0) return {ThumbnailResult::Status::kCorrupt, {}};
    if (size->first * size->second > kMaxDecodePixels) return result;
  }
  decode_slots.acquire();
  struct Release {
    ~Release() { decode_slots.release(); }
  } release;
  Image src = Decode(data, content_type);
  if (!src) {
    // Without a HEVC decoder libgd cannot read HEIC; that is not the file's fault.
    if (content_type == "image/heic") return result;
    return {ThumbnailResult::Status::kCorrupt, {}};
  }
  const int w = gdImageSX(src.get());
  const int h = gdImageSY(src.get());
  if (w <= 0 || h <= 0) return {ThumbnailResult::Status::kCorrupt, {}};
  const double scale = std::min(1.0, static_cast<double>(kThumbnailMaxSide) / std::max(w, h));
  const int tw = std::max(1, static_cast<int>(std::lround(w * scale)));
  const int th = std::max(1, static_cast<int>(std::lround(h * scale)));
  Image scaled(gdImageCreateTrueColor(tw, th));
  Image thumb(gdImageCreateTrueColor(tw, th));
  if (!scaled || !thumb) return result;
  gdImageAlphaBlending(scaled.get(), 0);
  gdImageCopyResampled(scaled.get(), src.get(), 0, 0, 0, 0, tw, th, w, h);
  src.reset();
  // Transparent areas (PNG, WebP) are laid over white, as JPEG has no alpha.
  gdImageFilledRectangle(thumb.get(), 0, 0, tw - 1, th - 1, gdTrueColor(255, 255, 255));
  gdImageAlphaBlending(thumb.get(), 1);
  gdImageCopy(thumb.get(), scaled.get(), 0, 0, 0, 0, tw, th);
  scaled.reset();
  if (content_type == "image/jpeg") thumb = Orient(std::move(thumb), JpegOrientation(data));
  int out_size = 0;
  void* out = gdImageJpegPtr(thumb.get(), &out_size, kJpegQuality);
  if (!out) return result;
  result.status = ThumbnailResult::Status::kMade;
  result.jpeg.assign(static_cast<const char*>(out), static_cast<size_t>(out_size));
  gdFree(out);
  return result;
}

}  // namespace tsunagu::attachments
