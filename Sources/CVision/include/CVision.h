// C API over OpenCV (imgcodecs + imgproc). Images are 8-bit, interleaved,
// tightly packed (stride = width * channels); RGB order for 3 channels.
// Every function catches C++ exceptions and returns non-zero on failure, with
// `cv_last_error()` holding the message for the calling thread. Images and
// byte buffers returned by this API are released with `cv_image_free` /
// `cv_bytes_free`.
#ifndef CVISION_H
#define CVISION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  uint8_t *data;
  int32_t width;
  int32_t height;
  int32_t channels;
} cv_image;

typedef enum { CV_INTER_NEAREST = 0, CV_INTER_LINEAR = 1, CV_INTER_AREA = 3 } cv_interpolation;
typedef enum { CV_MORPH_ERODE = 0, CV_MORPH_DILATE, CV_MORPH_OPEN, CV_MORPH_CLOSE } cv_morph_op;

const char *cv_last_error(void);
const char *cv_version_string(void);
void cv_image_free(cv_image *img);
void cv_bytes_free(uint8_t *bytes);

/// Decodes any format OpenCV reads to RGB (`channels` 3) or grey (`channels` 1).
int cv_decode(const uint8_t *bytes, size_t length, int channels, cv_image *out);
/// Decodes a JPEG-LS codestream (CharLS) to 8-bit RGB (`channels` 3) or grey (1); deeper samples
/// keep their top 8 bits. Frames over `maximum_pixels` are refused from the header, before decoding.
int cv_decode_jpegls(const uint8_t *bytes, size_t length, int channels, int64_t maximum_pixels, cv_image *out);
/// Encodes to the format named by `ext` (".png", ".jpg"); quality applies to JPEG/WebP.
int cv_encode(const cv_image *img, const char *ext, int quality, uint8_t **out, size_t *length);

int cv_resize(const cv_image *img, int width, int height, cv_interpolation interp, cv_image *out);
/// Warps by the 2x3 row-major matrix `m` (destination = m * source), constant border.
int cv_warp_affine(const cv_image *img, const double m[6], int width, int height,
                   cv_interpolation interp, double border, cv_image *out);
int cv_to_gray(const cv_image *img, cv_image *out);
/// CLAHE on grey images, or on the lightness of RGB images (Lab), keeping colour.
int cv_clahe(const cv_image *img, double clip_limit, int tiles, cv_image *out);
int cv_gaussian_blur(const cv_image *img, double sigma, cv_image *out);
int cv_median_blur(const cv_image *img, int ksize, cv_image *out);
/// Morphology with an elliptical kernel of size `ksize`.
int cv_morphology(const cv_image *img, cv_morph_op op, int ksize, int iterations, cv_image *out);
/// Binary threshold to 0/255; `threshold` < 0 selects Otsu's, reported in `used`.
int cv_threshold(const cv_image *gray, double threshold, double *used, cv_image *out);
/// Keeps the largest 8-connected blob of a 0/255 mask, with its holes filled.
int cv_largest_component(const cv_image *mask, cv_image *out);
/// Variance of the Laplacian of a grey image (a standard sharpness measure).
int cv_laplacian_variance(const cv_image *gray, double *out);

/// Zhang–Suen thinning of a 0/255 mask to a one-pixel-wide 0/255 skeleton.
int cv_thinning(const cv_image *mask, cv_image *out);
/// Euclidean distance of every foreground pixel of a 0/255 mask to the nearest
/// background pixel, as width × height floats in `out` (caller allocates).
int cv_distance_transform(const cv_image *mask, float *out);

/// Drawing in place on an RGB or grey image (anti-aliased); `rgb` is the colour.
typedef enum { CV_SHAPE_CIRCLE = 0, CV_SHAPE_RECTANGLE, CV_SHAPE_LINE, CV_SHAPE_CROSS } cv_shape;
/// Circle: (x0, y0) centre, x1 radius. Rectangle and line: corners (x0, y0), (x1, y1).
/// Cross: centre (x0, y0), half-size x1. A negative thickness fills circles and rectangles.
int cv_draw(cv_image *img, cv_shape shape, double x0, double y0, double x1, double y1,
            const uint8_t rgb[3], int thickness);
int cv_draw_text(cv_image *img, const char *text, double x, double y, double scale,
                 const uint8_t rgb[3], int thickness);
/// Blends `overlay` (same size and channels) into `img`: img = (1 - alpha·m)·img + alpha·m·overlay,
/// with m = mask/255 when a mask is given, else 1.
int cv_blend(cv_image *img, const cv_image *overlay, const cv_image *mask, double alpha);

#ifdef __cplusplus
}
#endif
#endif
