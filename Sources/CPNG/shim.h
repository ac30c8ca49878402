#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

/* Writes cairo RGB24 pixels as an RGB PNG with a chosen zlib level and no row filter: cairo's
   own writer (level 6, every filter) takes most of a poster's PNG time. libpng reports errors by
   longjmp, which must not cross Swift frames, so the whole encode stays in this C function.
   Returns 0 on success. */
typedef int (*tmv_png_write_fn)(void *closure, const unsigned char *data, size_t length);

struct tmv_png_sink { tmv_png_write_fn write; void *closure; int failed; };

static void tmv_png_write_data(png_structp png, png_bytep data, png_size_t length) {
    struct tmv_png_sink *sink = (struct tmv_png_sink *)png_get_io_ptr(png);
    if (sink->write(sink->closure, data, length) != 0) { sink->failed = 1; png_error(png, "write failed"); }
}

static void tmv_png_flush(png_structp png) { (void)png; }

static inline int tmv_png_encode_rgb24(const unsigned char *pixels, int width, int height, int stride,
                                       int level, tmv_png_write_fn write, void *closure) {
    struct tmv_png_sink sink = { write, closure, 0 };
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    if (!png) return 1;
    png_infop info = png_create_info_struct(png);
    unsigned char *row = (unsigned char *)malloc((size_t)width * 3);
    if (!info || !row) { free(row); png_destroy_write_struct(&png, info ? &info : NULL); return 1; }
    if (setjmp(png_jmpbuf(png))) {
        free(row);
        png_destroy_write_struct(&png, &info);
        return 1;
    }
    png_set_write_fn(png, &sink, tmv_png_write_data, tmv_png_flush);
    png_set_compression_level(png, level);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        const uint32_t *source = (const uint32_t *)(pixels + (size_t)y * (size_t)stride);
        for (int x = 0; x < width; x++) {
            uint32_t pixel = source[x];
            row[x * 3] = (pixel >> 16) & 0xFF;
            row[x * 3 + 1] = (pixel >> 8) & 0xFF;
            row[x * 3 + 2] = pixel & 0xFF;
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    free(row);
    png_destroy_write_struct(&png, &info);
    return sink.failed;
}
