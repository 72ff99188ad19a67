"""Regenerates the Pillow reference cases for PillowReferenceTest (not run by the build).

Each case is an image file written by Pillow plus <file>.rgb: the bytes of
ImageOps.exif_transpose(Image.open(file)).convert("RGB").tobytes(), i.e. what the Python reference feeds
CLIP's preprocessing; and resize/<n>.png + resize/<n>_<w>x<h>.rgb: Pillow's Image.resize((w, h), BICUBIC).
cases.tsv lists file, width, height, Pillow mode. Made with Pillow 12.3.0, numpy, seed 0.
ycck_adobe.jpg (Adobe transform 2, the colour model Photoshop uses for CMYK) cannot be written by Pillow: it was
written once by the JDK's JPEG writer from a 4-band raster; only its .rgb is (re)computed here.
Run in this folder; then move resize/ to
metaclip-base-model/src/test/resources/dev/autodistill4j/metaclip/preprocess/pillow-resize (PillowBicubicReferenceTest).
"""
import os
import numpy as np
from PIL import Image, ImageOps

rng = np.random.default_rng(0)


def smooth(w, h, c):
    x = np.linspace(0, 1, w)[None, :, None]
    y = np.linspace(0, 1, h)[:, None, None]
    base = (np.sin(x * 7 + y * 3 + np.arange(c)[None, None, :]) * 0.5 + 0.5) * 255
    return np.clip(base + rng.normal(0, 20, (h, w, c)), 0, 255).astype(np.uint8)


files = []


def save(name, im, **kw):
    im.save(name, **kw)
    files.append(name)


save('rgba.png', Image.fromarray(smooth(14, 9, 4), 'RGBA'))
save('la.png', Image.fromarray(smooth(13, 7, 2), 'LA'))
a16 = rng.integers(0, 65536, (6, 9)).astype(np.uint16)
a16[0, :5] = [0, 100, 255, 256, 1000]
save('i16.png', Image.fromarray(a16))
pt = Image.fromarray(smooth(12, 10, 3)).convert('P', palette=Image.ADAPTIVE, colors=16)
save('p_trns.png', pt, transparency=3)
save('bit1.png', Image.fromarray(smooth(16, 9, 1)[:, :, 0] > 128))
save('palette.gif', Image.fromarray(smooth(15, 11, 3)).convert('P', palette=Image.ADAPTIVE))
save('rgba32.bmp', Image.fromarray(smooth(13, 7, 4), 'RGBA'))
save('progressive.jpg', Image.fromarray(smooth(40, 24, 3)), quality=90, subsampling=1, progressive=True)
save('q75_420.jpg', Image.fromarray(smooth(33, 21, 3)), quality=75, subsampling=2)
save('gray.jpg', Image.fromarray(smooth(20, 14, 1)[:, :, 0], 'L'), quality=90)
save('cmyk_adobe.jpg', Image.fromarray(smooth(24, 16, 4), 'CMYK'), quality=95)
for o in (3, 6, 8):
    ex = Image.Exif()
    ex[0x0112] = o
    save(f'exif{o}.jpg', Image.fromarray(smooth(24, 16, 3)), exif=ex.tobytes(), quality=95)
ex = Image.Exif()
ex[0x0112] = 7
save('exif7.png', Image.fromarray(smooth(9, 5, 3)), exif=ex.tobytes())
# exact=True keeps the colour under fully transparent pixels; libwebp's default (exact=False) stores them as
# ARGB 0, which TwelveMonkeys 3.12 mis-decodes (see docs/pixels.md, known limitations).
save('lossless.webp', Image.fromarray(smooth(16, 12, 4), 'RGBA'), lossless=True, exact=True)

if os.path.exists('ycck_adobe.jpg'):
    files.append('ycck_adobe.jpg')
with open('cases.tsv', 'w') as out:
    for name in files:
        im = ImageOps.exif_transpose(Image.open(name)).convert('RGB')
        open(name + '.rgb', 'wb').write(im.tobytes())
        out.write('%s\t%d\t%d\t%s\n' % (name, im.size[0], im.size[1], Image.open(name).mode))

os.makedirs('resize', exist_ok=True)
with open('resize/cases.tsv', 'w') as out:
    for i, (w, h, ow, oh) in enumerate([(37, 23, 13, 29), (50, 50, 7, 9), (20, 31, 61, 17), (64, 48, 33, 24),
                                        (5, 80, 5, 20), (90, 3, 45, 3), (17, 17, 40, 40), (120, 40, 64, 21)]):
        arr = rng.integers(0, 256, (h, w, 3), dtype=np.uint8) if i % 2 else smooth(w, h, 3)
        src = Image.fromarray(arr)
        src.save(f'resize/{i}.png')
        open(f'resize/{i}_{ow}x{oh}.rgb', 'wb').write(src.resize((ow, oh), Image.BICUBIC).tobytes())
        out.write('%d.png\t%d\t%d\n' % (i, ow, oh))
