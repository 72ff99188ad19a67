package dev.autodistill4j.runtime.image;

/**
 * What the decoder learns from walking a file's container structure before handing it to an ImageIO reader.
 *
 * @param format          the sniffed format
 * @param orientation     EXIF orientation 1-8 (1 when there is none or it is invalid)
 * @param jpegComponents  number of colour components in a JPEG frame header (0 for other formats)
 * @param adobeTransform  the Adobe APP14 colour transform of a JPEG (-1 when there is no Adobe segment)
 */
record ContainerInfo(ImageFormat format, int orientation, int jpegComponents, int adobeTransform) {
}
