package io.lclstream.flink.image;

import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * Owns making sure the TwelveMonkeys ImageIO readers (JPEG incl. CMYK, WebP, BMP) are registered in the
 * calling class loader's view of ImageIO.
 *
 * <p>ImageIO scans for plugins once, with the class loader current at its first use; in a Flink TaskManager
 * that can be the framework's loader, which cannot see the job jar's TwelveMonkeys, so WebP would silently be
 * undecodable. Rescanning with the context class loader fixes that.
 */
public final class ImageIoPlugins {
    private static volatile boolean checked;

    private ImageIoPlugins() {
    }

    /** Registers the plugins if WebP or the TwelveMonkeys JPEG reader is missing; fails loudly if still missing. */
    public static void ensureRegistered() {
        if (checked) {
            return;
        }
        synchronized (ImageIoPlugins.class) {
            if (checked) {
                return;
            }
            if (!present()) {
                ImageIO.scanForPlugins();
            }
            if (!present()) {
                throw new IllegalStateException("The TwelveMonkeys ImageIO plugins (WebP and CMYK JPEG readers) are not "
                        + "visible to ImageIO from class loader " + Thread.currentThread().getContextClassLoader()
                        + "; put com.twelvemonkeys.imageio:imageio-jpeg, imageio-webp and imageio-bmp on the job's "
                        + "classpath (they are dependencies of lcl-flink-jobs)");
            }
            checked = true;
        }
    }

    private static boolean present() {
        boolean webp = ImageIO.getImageReadersByFormatName("webp").hasNext();
        boolean twelveMonkeysJpeg = false;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            if (it.next().getClass().getName().startsWith("com.twelvemonkeys.")) {
                twelveMonkeysJpeg = true;
            }
        }
        return webp && twelveMonkeysJpeg;
    }
}
