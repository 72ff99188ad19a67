package dev.autodistill4j.runtime.image;

/**
 * Makes the {@link ImageDecoder} a run uses, for that run's limits. Bound in the Guice module
 * ({@code Autodistill4jModule}) so an application can change how images are read — another codec, a cache, a
 * colour-management step — for every runner at once, by overriding this one binding.
 */
@FunctionalInterface
public interface ImageDecoderFactory {

    /** The decoder for one run (limits come from the run's configuration). */
    ImageDecoder create(ImageLimits limits);

    /** The project's decoder: JDK ImageIO plus TwelveMonkeys, Pillow-compatible RGB, EXIF orientation. */
    ImageDecoderFactory STANDARD = ImageDecoder::new;
}
