// narrate-cover.so: covers decoded, scaled and encoded by gdk-pixbuf, SVG
// rasterised by librsvg through cairo; loaded on first use by cover.cc
// (cover_module.h), so that the program starts without those libraries.
#include "output/package/cover_module.h"

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

namespace narrate::package::cover {
namespace {

struct GObjectUnref {
  void operator()(void* object) const {
    if (object) g_object_unref(object);
  }
};
using Pixbuf = std::unique_ptr<GdkPixbuf, GObjectUnref>;
using Loader = std::unique_ptr<GdkPixbufLoader, GObjectUnref>;
using SvgHandle = std::unique_ptr<RsvgHandle, GObjectUnref>;

// The GError's message on one line, freed: "Premature end of JPEG file".
std::string Take(GError* error) {
  std::string message = error ? error->message : "unknown error";
  if (error) g_error_free(error);
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  while (message.ends_with(' ')) message.pop_back();
  return message;
}

// What the loader is told once it knows the image's size.
struct SizeRequest {
  int max_side_px = 0;  // 0 = keep the size
  long long max_pixels = 0;
  bool too_big = false;
  int source_width_px = 0;  // as stored, before scaling and orientation
  int source_height_px = 0;
};

// A decoded raster image and what decoding did to it.
struct Decoded {
  Pixbuf image;
  bool changed = false;  // scaled or turned upright (EXIF orientation)
};

// Scales (w, h) so the long side is at most max_side: (3000, 2000), 1400 → (1400, 933).
std::pair<int, int> Fit(int width, int height, int max_side) {
  const int long_side = std::max(width, height);
  if (max_side <= 0 || long_side <= max_side) return {width, height};
  const double scale = double(max_side) / long_side;
  return {std::max(1, int(std::lround(width * scale))),
          std::max(1, int(std::lround(height * scale)))};
}

void OnSizePrepared(GdkPixbufLoader* loader, gint width, gint height, gpointer data) {
  auto* request = static_cast<SizeRequest*>(data);
  request->source_width_px = width;
  request->source_height_px = height;
  if (request->max_pixels > 0 && (long long)width * height > request->max_pixels) {
    request->too_big = true;
    gdk_pixbuf_loader_set_size(loader, 1, 1);
    return;
  }
  auto [w, h] = Fit(width, height, request->max_side_px);
  if (w != width || h != height) gdk_pixbuf_loader_set_size(loader, w, h);
}

// Decodes JPEG or PNG bytes ("jpeg"/"png" loader only), scaled while decoding.
Result<Decoded> DecodeRaster(const std::string& bytes, const char* type, SizeRequest request) {
  GError* error = nullptr;
  Loader loader(gdk_pixbuf_loader_new_with_type(type, &error));
  if (!loader) return Status::Error(Take(error));
  g_signal_connect(loader.get(), "size-prepared", G_CALLBACK(OnSizePrepared), &request);
  constexpr std::size_t kChunk = 64 * 1024;
  bool ok = true;
  for (std::size_t at = 0; ok && at < bytes.size() && !request.too_big; at += kChunk) {
    const std::size_t n = std::min(kChunk, bytes.size() - at);
    ok = gdk_pixbuf_loader_write(loader.get(), reinterpret_cast<const guchar*>(bytes.data() + at),
                                 n, &error);
  }
  const bool closed = gdk_pixbuf_loader_close(loader.get(), ok ? &error : nullptr);
  if (request.too_big) {
    g_clear_error(&error);  // the loader's complaint about the write cut short
    return Status::Error("the image has more pixels than a cover needs");
  }
  if (!ok || !closed) return Status::Error(Take(error));
  GdkPixbuf* decoded = gdk_pixbuf_loader_get_pixbuf(loader.get());
  if (!decoded) return Status::Error("the image holds no picture");
  const char* orientation = gdk_pixbuf_get_option(decoded, "orientation");
  Decoded out;
  out.changed = (orientation && std::strcmp(orientation, "1") != 0) ||
                gdk_pixbuf_get_width(decoded) != request.source_width_px ||
                gdk_pixbuf_get_height(decoded) != request.source_height_px;
  // Applies EXIF orientation; a new reference either way.
  out.image.reset(gdk_pixbuf_apply_embedded_orientation(decoded));
  return out;
}

// The size an SVG declares: width/height in absolute units, else its viewBox.
Result<std::pair<double, double>> SvgSize(RsvgHandle* handle) {
  double width = 0, height = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height)) {
    gboolean has_width = false, has_height = false, has_viewbox = false;
    RsvgLength w, h;
    RsvgRectangle viewbox;
    rsvg_handle_get_intrinsic_dimensions(handle, &has_width, &w, &has_height, &h, &has_viewbox,
                                         &viewbox);
    if (!has_viewbox) return Status::Error("the SVG has neither a size nor a viewBox");
    width = viewbox.width;
    height = viewbox.height;
  }
  if (!(width >= 1 && height >= 1 && width < 1e6 && height < 1e6))
    return Status::Error("the SVG's size is out of range");
  return std::pair{width, height};
}

Result<SvgHandle> OpenSvg(const std::string& bytes) {
  GError* error = nullptr;
  // No base file: the SVG may use data: URIs but cannot reach other files.
  SvgHandle handle(rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(bytes.data()),
                                             bytes.size(), &error));
  if (!handle) return Status::Error("cannot read the SVG: " + Take(error));
  rsvg_handle_set_dpi(handle.get(), 96);
  return handle;
}

// Copies an opaque cairo ARGB32 surface into a new RGB pixbuf.
Pixbuf PixbufOfSurface(cairo_surface_t* surface, int width, int height) {
  Pixbuf out(gdk_pixbuf_new(GDK_COLORSPACE_RGB, false, 8, width, height));
  if (!out) return out;
  const unsigned char* from = cairo_image_surface_get_data(surface);
  const int from_stride = cairo_image_surface_get_stride(surface);
  guchar* to = gdk_pixbuf_get_pixels(out.get());
  const int to_stride = gdk_pixbuf_get_rowstride(out.get());
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::uint32_t px;
      std::memcpy(&px, from + std::ptrdiff_t(y) * from_stride + 4 * x, 4);
      guchar* rgb = to + std::ptrdiff_t(y) * to_stride + 3 * x;
      rgb[0] = (px >> 16) & 0xFF;
      rgb[1] = (px >> 8) & 0xFF;
      rgb[2] = px & 0xFF;
    }
  }
  return out;
}

// Renders the SVG on white with its long side max_side_px (a drawing scales freely).
Result<Pixbuf> RasteriseSvg(const std::string& bytes, int max_side_px) {
  auto handle = OpenSvg(bytes);
  if (!handle.ok()) return handle.status();
  auto size = SvgSize(handle->get());
  if (!size.ok()) return size.status();
  const double scale = max_side_px / std::max(size->first, size->second);
  const int width = std::max(1, int(std::lround(size->first * scale)));
  const int height = std::max(1, int(std::lround(size->second * scale)));
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  RsvgRectangle viewport{0, 0, double(width), double(height)};
  GError* error = nullptr;
  const bool drawn = rsvg_handle_render_document(handle->get(), cr, &viewport, &error);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  Result<Pixbuf> out = Status::Error("cannot rasterise the SVG");
  if (!drawn)
    out = Status::Error("cannot rasterise the SVG: " + Take(error));
  else if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS)
    out = PixbufOfSurface(surface, width, height);
  cairo_surface_destroy(surface);
  return out;
}

// An RGB pixbuf of the image on white (JPEG has no transparency).
Pixbuf Opaque(GdkPixbuf* image) {
  if (!gdk_pixbuf_get_has_alpha(image)) return Pixbuf(GDK_PIXBUF(g_object_ref(image)));
  const int width = gdk_pixbuf_get_width(image), height = gdk_pixbuf_get_height(image);
  Pixbuf out(gdk_pixbuf_new(GDK_COLORSPACE_RGB, false, 8, width, height));
  gdk_pixbuf_fill(out.get(), 0xFFFFFFFF);
  gdk_pixbuf_composite(image, out.get(), 0, 0, width, height, 0, 0, 1, 1, GDK_INTERP_NEAREST, 255);
  return out;
}

Result<std::string> EncodeJpeg(GdkPixbuf* image, int quality) {
  gchar* buffer = nullptr;
  gsize size = 0;
  GError* error = nullptr;
  const std::string q = std::to_string(quality);
  if (!gdk_pixbuf_save_to_buffer(image, &buffer, &size, "jpeg", &error, "quality", q.c_str(),
                                 nullptr))
    return Status::Error("cannot encode JPEG: " + Take(error));
  std::string out(buffer, size);
  g_free(buffer);
  return out;
}

// Quality 90, 80, ... 40 until it fits; then three quarters the size, and again.
Result<std::string> JpegWithin(Pixbuf image, std::size_t max_bytes) {
  for (;;) {
    for (int quality = 90; quality >= 40; quality -= 10) {
      auto jpeg = EncodeJpeg(image.get(), quality);
      if (!jpeg.ok() || jpeg->size() <= max_bytes) return jpeg;
    }
    const int width = gdk_pixbuf_get_width(image.get()),
              height = gdk_pixbuf_get_height(image.get());
    if (std::max(width, height) <= 16) return Status::Error("cannot make the JPEG small enough");
    image.reset(gdk_pixbuf_scale_simple(image.get(), std::max(1, width * 3 / 4),
                                        std::max(1, height * 3 / 4), GDK_INTERP_BILINEAR));
    if (!image) return Status::Error("out of memory scaling the cover");
  }
}

// The image as a pixbuf, and whether its JPEG bytes can be kept as they are.
Result<Decoded> DecodeForCover(const std::string& bytes, const std::string& mime,
                               const CoverLimits& limits) {
  if (mime == "image/svg+xml") {
    auto svg = RasteriseSvg(bytes, limits.max_side_px);
    if (!svg.ok()) return svg.status();
    return Decoded{std::move(*svg), true};
  }
  SizeRequest request{limits.max_side_px, limits.max_pixels};
  return DecodeRaster(bytes, mime == "image/png" ? "png" : "jpeg", request);
}

}  // namespace

// The module's functions: cover.cc's FitCover and ImageSizeOf, which have
// recognised the bytes as mime and put the name in front of errors.
Result<Cover> Fit(const std::string& bytes, const std::string& mime, const CoverLimits& limits) {
  auto decoded = DecodeForCover(bytes, mime, limits);
  if (!decoded.ok()) return decoded.status();
  if (mime == "image/jpeg" && !decoded->changed && bytes.size() <= limits.max_bytes)
    return Cover{"image/jpeg", bytes};
  auto jpeg = JpegWithin(Opaque(decoded->image.get()), limits.max_bytes);
  if (!jpeg.ok()) return jpeg.status();
  return Cover{"image/jpeg", std::move(*jpeg)};
}

Result<ImageSize> SizeOf(const std::string& bytes, const std::string& mime) {
  if (mime == "image/svg+xml") {
    auto handle = OpenSvg(bytes);
    if (!handle.ok()) return handle.status();
    auto size = SvgSize(handle->get());
    if (!size.ok()) return size.status();
    return ImageSize{int(std::lround(size->first)), int(std::lround(size->second))};
  }
  auto decoded = DecodeRaster(bytes, mime == "image/png" ? "png" : "jpeg", SizeRequest{});
  if (!decoded.ok()) return decoded.status();
  GdkPixbuf* image = decoded->image.get();
  return ImageSize{gdk_pixbuf_get_width(image), gdk_pixbuf_get_height(image)};
}

}  // namespace narrate::package::cover

extern "C" __attribute__((visibility("default"))) const narrate::ModuleHeader*
narrate_cover_module() {
  namespace cover = narrate::package::cover;
  static const cover::ModuleApi api{
      .header = {cover::kModuleVersion, sizeof(cover::ModuleApi)},
      .fit = cover::Fit,
      .size_of = cover::SizeOf,
  };
  return &api.header;
}
