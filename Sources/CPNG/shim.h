#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

#include <libdeflate.h>

/* Writes cairo RGB24 pixels as an RGB PNG, no row filter, the image data compressed by
   libdeflate: zlib's deflate, even at level 1, took most of a poster's PNG time, and libdeflate
   compresses a whole buffer several times faster into the same zlib format. libpng writes the
   signature, the header and the chunks (with their CRCs); the image data goes in as one IDAT
   chunk. libpng reports errors by longjmp, which must not cross Swift frames, so the whole
   encode stays in this C function. Returns 0 on success. */
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
    size_t row_bytes = 1 + (size_t)width * 3;
    size_t raw_size = row_bytes * (size_t)height;
    unsigned char *raw = (unsigned char *)malloc(raw_size);
    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(level);
    size_t bound = compressor ? libdeflate_zlib_compress_bound(compressor, raw_size) : 0;
    unsigned char *compressed = (unsigned char *)malloc(bound > 0 ? bound : 1);
    if (!raw || !compressor || !compressed) {
        free(raw); free(compressed);
        if (compressor) libdeflate_free_compressor(compressor);
        return 1;
    }
    for (int y = 0; y < height; y++) {
        const uint32_t *source = (const uint32_t *)(pixels + (size_t)y * (size_t)stride);
        unsigned char *row = raw + (size_t)y * row_bytes;
        row[0] = 0; /* filter: none */
        for (int x = 0; x < width; x++) {
            uint32_t pixel = source[x];
            row[1 + x * 3] = (pixel >> 16) & 0xFF;
            row[2 + x * 3] = (pixel >> 8) & 0xFF;
            row[3 + x * 3] = pixel & 0xFF;
        }
    }
    size_t length = libdeflate_zlib_compress(compressor, raw, raw_size, compressed, bound);
    libdeflate_free_compressor(compressor);
    free(raw);
    if (length == 0 || length > 0x7FFFFFFF) { free(compressed); return 1; }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) { free(compressed); png_destroy_write_struct(&png, info ? &info : NULL); return 1; }
    if (setjmp(png_jmpbuf(png))) {
        free(compressed);
        png_destroy_write_struct(&png, &info);
        return 1;
    }
    png_set_write_fn(png, &sink, tmv_png_write_data, tmv_png_flush);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    png_write_info(png, info);
    png_write_chunk(png, (png_const_bytep)"IDAT", compressed, length);
    png_write_chunk(png, (png_const_bytep)"IEND", NULL, 0);
    free(compressed);
    png_destroy_write_struct(&png, &info);
    return sink.failed;
}
