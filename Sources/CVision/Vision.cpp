#include "CVision.h"
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <charls/charls.h>
#include <algorithm>
#include <memory>
#include <vector>
#include <cstring>
#include <string>

namespace {
thread_local std::string last_error;

template <typename F> int guarded(F &&body) noexcept {
  try {
    last_error.clear();
    body();
    return 0;
  } catch (const cv::Exception &e) {
    last_error = e.what();
  } catch (const std::exception &e) {
    last_error = e.what();
  } catch (...) {
    last_error = "unknown C++ exception";
  }
  return 1;
}

int mat_type(int channels) { return CV_8UC(channels); }

/// A Mat header over the caller's pixels: no copy.
cv::Mat view(const cv_image *img) {
  if (!img || !img->data || img->width <= 0 || img->height <= 0 ||
      (img->channels != 1 && img->channels != 3))
    throw std::invalid_argument("invalid image (need 1 or 3 channels and a positive size)");
  return cv::Mat(img->height, img->width, mat_type(img->channels), img->data);
}

/// Copies `m` (8-bit, 1 or 3 channels) into a freshly malloc'd image.
void emit(const cv::Mat &m, cv_image *out) {
  cv::Mat c = m.isContinuous() ? m : m.clone();
  size_t n = c.total() * c.elemSize();
  auto *data = static_cast<uint8_t *>(std::malloc(n ? n : 1));
  if (!data) throw std::bad_alloc();
  std::memcpy(data, c.data, n);
  *out = cv_image{data, c.cols, c.rows, c.channels()};
}
} // namespace

extern "C" {

const char *cv_last_error(void) { return last_error.c_str(); }
const char *cv_version_string(void) { return CV_VERSION; }
void cv_image_free(cv_image *img) {
  if (img) { std::free(img->data); img->data = nullptr; }
}
void cv_bytes_free(uint8_t *bytes) { std::free(bytes); }

int cv_decode(const uint8_t *bytes, size_t length, int channels, cv_image *out) {
  return guarded([&] {
    if (!bytes || length == 0) throw std::invalid_argument("empty input");
    cv::Mat raw(1, int(length), CV_8UC1, const_cast<uint8_t *>(bytes));
    cv::Mat decoded = cv::imdecode(raw, channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
    if (decoded.empty()) throw std::runtime_error("the decoder could not read the image data");
    if (decoded.depth() != CV_8U) decoded.convertTo(decoded, CV_8U);
    if (channels == 3) cv::cvtColor(decoded, decoded, cv::COLOR_BGR2RGB);
    emit(decoded, out);
  });
}

int cv_encode(const cv_image *img, const char *ext, int quality, uint8_t **out, size_t *length) {
  return guarded([&] {
    cv::Mat m = view(img);
    cv::Mat bgr;
    if (img->channels == 3) cv::cvtColor(m, bgr, cv::COLOR_RGB2BGR); else bgr = m;
    std::vector<int> params;
    std::string e(ext);
    if (e == ".jpg" || e == ".jpeg") params = {cv::IMWRITE_JPEG_QUALITY, quality};
    if (e == ".webp") params = {cv::IMWRITE_WEBP_QUALITY, quality};
    std::vector<uchar> buffer;
    if (!cv::imencode(e, bgr, buffer, params)) throw std::runtime_error("encoding to " + e + " failed");
    auto *data = static_cast<uint8_t *>(std::malloc(buffer.size()));
    if (!data) throw std::bad_alloc();
    std::memcpy(data, buffer.data(), buffer.size());
    *out = data;
    *length = buffer.size();
  });
}

int cv_resize(const cv_image *img, int width, int height, cv_interpolation interp, cv_image *out) {
  return guarded([&] {
    cv::Mat r;
    cv::resize(view(img), r, cv::Size(width, height), 0, 0, int(interp));
    emit(r, out);
  });
}

int cv_warp_affine(const cv_image *img, const double m[6], int width, int height,
                   cv_interpolation interp, double border, cv_image *out) {
  return guarded([&] {
    cv::Mat matrix(2, 3, CV_64F, const_cast<double *>(m));
    cv::Mat r;
    cv::warpAffine(view(img), r, matrix, cv::Size(width, height), int(interp),
                   cv::BORDER_CONSTANT, cv::Scalar::all(border));
    emit(r, out);
  });
}

int cv_to_gray(const cv_image *img, cv_image *out) {
  return guarded([&] {
    cv::Mat m = view(img), g;
    if (img->channels == 1) g = m; else cv::cvtColor(m, g, cv::COLOR_RGB2GRAY);
    emit(g, out);
  });
}

int cv_clahe(const cv_image *img, double clip_limit, int tiles, cv_image *out) {
  return guarded([&] {
    auto clahe = cv::createCLAHE(clip_limit, cv::Size(tiles, tiles));
    cv::Mat m = view(img), r;
    if (img->channels == 1) {
      clahe->apply(m, r);
    } else {
      cv::Mat lab;
      cv::cvtColor(m, lab, cv::COLOR_RGB2Lab);
      std::vector<cv::Mat> planes;
      cv::split(lab, planes);
      clahe->apply(planes[0], planes[0]);
      cv::merge(planes, lab);
      cv::cvtColor(lab, r, cv::COLOR_Lab2RGB);
    }
    emit(r, out);
  });
}

int cv_gaussian_blur(const cv_image *img, double sigma, cv_image *out) {
  return guarded([&] {
    cv::Mat r;
    cv::GaussianBlur(view(img), r, cv::Size(0, 0), sigma);
    emit(r, out);
  });
}

int cv_median_blur(const cv_image *img, int ksize, cv_image *out) {
  return guarded([&] {
    cv::Mat r;
    cv::medianBlur(view(img), r, ksize);
    emit(r, out);
  });
}

int cv_morphology(const cv_image *img, cv_morph_op op, int ksize, int iterations, cv_image *out) {
  return guarded([&] {
    cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(ksize, ksize));
    cv::Mat r;
    int code = op == CV_MORPH_ERODE ? cv::MORPH_ERODE
             : op == CV_MORPH_DILATE ? cv::MORPH_DILATE
             : op == CV_MORPH_OPEN ? cv::MORPH_OPEN : cv::MORPH_CLOSE;
    cv::morphologyEx(view(img), r, code, kernel, cv::Point(-1, -1), iterations,
                     cv::BORDER_CONSTANT, cv::Scalar::all(0));
    emit(r, out);
  });
}

int cv_threshold(const cv_image *gray, double threshold, double *used, cv_image *out) {
  return guarded([&] {
    if (gray->channels != 1) throw std::invalid_argument("threshold needs a grey image");
    cv::Mat r;
    int type = cv::THRESH_BINARY | (threshold < 0 ? cv::THRESH_OTSU : 0);
    *used = cv::threshold(view(gray), r, threshold < 0 ? 0 : threshold, 255, type);
    emit(r, out);
  });
}

int cv_largest_component(const cv_image *mask, cv_image *out) {
  return guarded([&] {
    if (mask->channels != 1) throw std::invalid_argument("largest component needs a mask");
    std::vector<std::vector<cv::Point>> contours;
    cv::Mat m = view(mask).clone();
    cv::findContours(m, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    cv::Mat r = cv::Mat::zeros(mask->height, mask->width, CV_8UC1);
    if (!contours.empty()) {
      size_t best = 0;
      double bestArea = -1;
      for (size_t i = 0; i < contours.size(); ++i) {
        double a = cv::contourArea(contours[i]);
        if (a > bestArea) { bestArea = a; best = i; }
      }
      cv::drawContours(r, contours, int(best), cv::Scalar(255), cv::FILLED);
    }
    emit(r, out);
  });
}

int cv_laplacian_variance(const cv_image *gray, double *out) {
  return guarded([&] {
    if (gray->channels != 1) throw std::invalid_argument("sharpness needs a grey image");
    cv::Mat lap;
    cv::Laplacian(view(gray), lap, CV_64F);
    cv::Scalar mean, stddev;
    cv::meanStdDev(lap, mean, stddev);
    *out = stddev[0] * stddev[0];
  });
}

int cv_thinning(const cv_image *mask, cv_image *out) {
  return guarded([&] {
    if (mask->channels != 1) throw std::invalid_argument("thinning needs a mask");
    cv::Mat img;
    cv::threshold(view(mask), img, 127, 1, cv::THRESH_BINARY);
    // Zero border so that neighbour reads never leave the image.
    cv::copyMakeBorder(img, img, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
    cv::Mat marker = cv::Mat::zeros(img.size(), CV_8UC1);
    bool changed = true;
    while (changed) {
      changed = false;
      for (int pass = 0; pass < 2; ++pass) {
        marker.setTo(0);
        for (int y = 1; y < img.rows - 1; ++y) {
          const uchar *up = img.ptr<uchar>(y - 1), *row = img.ptr<uchar>(y), *down = img.ptr<uchar>(y + 1);
          uchar *mark = marker.ptr<uchar>(y);
          for (int x = 1; x < img.cols - 1; ++x) {
            if (!row[x]) continue;
            // Neighbours clockwise from north: p2..p9.
            int p2 = up[x], p3 = up[x + 1], p4 = row[x + 1], p5 = down[x + 1];
            int p6 = down[x], p7 = down[x - 1], p8 = row[x - 1], p9 = up[x - 1];
            int b = p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9;
            if (b < 2 || b > 6) continue;
            int a = (!p2 && p3) + (!p3 && p4) + (!p4 && p5) + (!p5 && p6) + (!p6 && p7) + (!p7 && p8) + (!p8 && p9) + (!p9 && p2);
            if (a != 1) continue;
            bool remove = pass == 0 ? (p2 * p4 * p6 == 0 && p4 * p6 * p8 == 0) : (p2 * p4 * p8 == 0 && p2 * p6 * p8 == 0);
            if (remove) mark[x] = 1;
          }
        }
        if (cv::countNonZero(marker) > 0) { changed = true; img.setTo(0, marker); }
      }
    }
    cv::Mat skeleton = img(cv::Rect(1, 1, mask->width, mask->height)) * 255;
    emit(skeleton, out);
  });
}

int cv_distance_transform(const cv_image *mask, float *out) {
  return guarded([&] {
    if (mask->channels != 1) throw std::invalid_argument("distance transform needs a mask");
    cv::Mat binary, distance;
    cv::threshold(view(mask), binary, 127, 255, cv::THRESH_BINARY);
    cv::distanceTransform(binary, distance, cv::DIST_L2, cv::DIST_MASK_PRECISE, CV_32F);
    for (int y = 0; y < distance.rows; ++y)
      std::memcpy(out + size_t(y) * size_t(distance.cols), distance.ptr<float>(y), sizeof(float) * size_t(distance.cols));
  });
}

int cv_draw(cv_image *img, cv_shape shape, double x0, double y0, double x1, double y1,
            const uint8_t rgb[3], int thickness) {
  return guarded([&] {
    cv::Mat m = view(img);
    cv::Scalar color = img->channels == 3 ? cv::Scalar(rgb[0], rgb[1], rgb[2]) : cv::Scalar(rgb[0]);
    // Sub-pixel positions through OpenCV's fixed-point shift (4 bits).
    const int shift = 4;
    const double f = 1 << shift;
    auto p = [&](double x, double y) { return cv::Point(int(std::lround(x * f)), int(std::lround(y * f))); };
    switch (shape) {
      case CV_SHAPE_CIRCLE:
        cv::circle(m, p(x0, y0), int(std::lround(x1 * f)), color, thickness, cv::LINE_AA, shift); break;
      case CV_SHAPE_RECTANGLE:
        cv::rectangle(m, p(x0, y0), p(x1, y1), color, thickness, cv::LINE_AA, shift); break;
      case CV_SHAPE_LINE:
        cv::line(m, p(x0, y0), p(x1, y1), color, thickness, cv::LINE_AA, shift); break;
      case CV_SHAPE_CROSS:
        cv::line(m, p(x0 - x1, y0), p(x0 + x1, y0), color, thickness, cv::LINE_AA, shift);
        cv::line(m, p(x0, y0 - x1), p(x0, y0 + x1), color, thickness, cv::LINE_AA, shift); break;
    }
  });
}

int cv_draw_text(cv_image *img, const char *text, double x, double y, double scale,
                 const uint8_t rgb[3], int thickness) {
  return guarded([&] {
    cv::Mat m = view(img);
    cv::Scalar color = img->channels == 3 ? cv::Scalar(rgb[0], rgb[1], rgb[2]) : cv::Scalar(rgb[0]);
    cv::putText(m, text, cv::Point(int(x), int(y)), cv::FONT_HERSHEY_SIMPLEX, scale, color, thickness, cv::LINE_AA);
  });
}

int cv_blend(cv_image *img, const cv_image *overlay, const cv_image *mask, double alpha) {
  return guarded([&] {
    cv::Mat m = view(img), o = view(overlay);
    if (o.size() != m.size() || o.type() != m.type()) throw std::invalid_argument("overlay must match the image");
    cv::Mat weight;
    if (mask) {
      cv::Mat k = view(mask);
      if (k.size() != m.size() || k.channels() != 1) throw std::invalid_argument("mask must be one channel of the image's size");
      k.convertTo(weight, CV_32F, alpha / 255.0);
    } else {
      weight = cv::Mat(m.size(), CV_32F, cv::Scalar(alpha));
    }
    cv::Mat mf, of;
    m.convertTo(mf, CV_32F);
    o.convertTo(of, CV_32F);
    std::vector<cv::Mat> planes(size_t(m.channels()), weight);
    cv::Mat w3;
    cv::merge(planes, w3);
    cv::Mat blended = mf.mul(cv::Scalar::all(1.0) - w3) + of.mul(w3);
    blended.convertTo(m, CV_8U);
  });
}

// JPEG-LS (CharLS): DICOM's lossless and near-lossless photographs.
int cv_decode_jpegls(const uint8_t *bytes, size_t length, int channels, int64_t maximum_pixels, cv_image *out) {
  return guarded([&] {
    if (!bytes || length == 0) throw std::invalid_argument("empty input");
    std::unique_ptr<charls_jpegls_decoder, void (*)(const charls_jpegls_decoder *)> decoder(
        charls_jpegls_decoder_create(), charls_jpegls_decoder_destroy);
    if (!decoder) throw std::bad_alloc();
    auto check = [](charls_jpegls_errc code) {
      if (code != charls_jpegls_errc{}) throw std::runtime_error(std::string("JPEG-LS: ") + charls_get_error_message(code));
    };
    check(charls_jpegls_decoder_set_source_buffer(decoder.get(), bytes, length));
    check(charls_jpegls_decoder_read_header(decoder.get()));
    charls_frame_info info{};
    check(charls_jpegls_decoder_get_frame_info(decoder.get(), &info));
    charls_interleave_mode interleave{};
    check(charls_jpegls_decoder_get_interleave_mode(decoder.get(), &interleave));
    if (info.width == 0 || info.height == 0) throw std::runtime_error("JPEG-LS: empty frame");
    if (int64_t(info.width) * int64_t(info.height) > maximum_pixels)
      throw std::length_error("JPEG-LS: the frame is larger than allowed");
    if (info.component_count != 1 && info.component_count != 3)
      throw std::runtime_error("JPEG-LS: " + std::to_string(info.component_count) + " components");
    if (info.bits_per_sample < 2 || info.bits_per_sample > 16) throw std::runtime_error("JPEG-LS: unsupported sample depth");
    size_t size = 0;
    check(charls_jpegls_decoder_get_destination_size(decoder.get(), 0, &size));
    std::vector<uint8_t> decoded(size);
    check(charls_jpegls_decoder_decode_to_buffer(decoder.get(), decoded.data(), decoded.size(), 0));

    const int width = int(info.width), height = int(info.height), components = int(info.component_count);
    const int bits = info.bits_per_sample;
    const size_t pixels = size_t(width) * size_t(height);
    const bool wide = bits > 8;
    const int maximum = (1 << bits) - 1;
    // Sample `c` of pixel `p`, scaled to 8 bits: planes one after another without interleaving, else interleaved.
    auto sample = [&](size_t p, int c) -> uint8_t {
      size_t index = (components == 1 || interleave != charls_interleave_mode{}) ? p * components + c : size_t(c) * pixels + p;
      int value = wide ? int(decoded[2 * index]) | int(decoded[2 * index + 1]) << 8 : int(decoded[index]);
      value = std::min(value, maximum);
      return uint8_t(bits >= 8 ? value >> (bits - 8) : (value * 255 + maximum / 2) / maximum);
    };
    cv::Mat rgb(height, width, CV_8UC3);
    for (size_t p = 0; p < pixels; ++p) {
      uint8_t *target = rgb.data + 3 * p;
      for (int c = 0; c < 3; ++c) target[c] = sample(p, components == 1 ? 0 : c);
    }
    if (channels == 1) cv::cvtColor(rgb, rgb, cv::COLOR_RGB2GRAY);
    emit(rgb, out);
  });
}

} // extern "C"
