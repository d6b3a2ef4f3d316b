import zlib from 'node:zlib';
import sharp from 'sharp';

/**
 * Small files made on the spot for the attachment tests. The one HEIC is shipped in `fixtures/`
 * (692 bytes, made with libheif's heif-enc): nothing here can encode HEVC.
 */

/**
 * A landscape 120×80 JPEG stored sideways (EXIF orientation 6) with a GPS position in Hatton
 * Garden: upright it is 80×120, left half red. Decoders that ignore orientation see it wide.
 */
export function jpegWithGpsAndOrientation(): Promise<Buffer> {
  return sharp({ create: { width: 120, height: 80, channels: 3, background: { r: 20, g: 90, b: 200 } } })
    .composite([{ input: { create: { width: 120, height: 40, channels: 3, background: { r: 220, g: 30, b: 30 } } }, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'LoupeTestCam', Model: 'Bench 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 31/1 12/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 6/1 30/1' },
    })
    .toBuffer();
}

export const png = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 4, background: { r: 10, g: 200, b: 120, alpha: 0.5 } } })
    .png()
    .toBuffer();

export const webp = () =>
  sharp({ create: { width: 50, height: 30, channels: 3, background: '#888' } })
    .webp()
    .toBuffer();

/** A photo-sized JPEG of noise: big enough that cutting it short is noticed by the decoder. */
export const noisyJpeg = (width = 400, height = 300) =>
  sharp(Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => (i * 7919) % 256)), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();

/**
 * A one-page PDF (A6) written by hand around one content stream, with a correct cross-reference
 * table; `deflate` compresses the stream, `catalog` adds entries to the document catalog.
 */
function onePagePdf(content: string, options: { deflate?: boolean; catalog?: string; objects?: string[] } = {}): Buffer {
  const stream = options.deflate ? zlib.deflateSync(Buffer.from(content, 'latin1'), { level: 9 }) : Buffer.from(content, 'latin1');
  const objects: Buffer[] = [
    Buffer.from(`<< /Type /Catalog /Pages 2 0 R${options.catalog ? ` ${options.catalog}` : ''} >>`),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] /Contents 4 0 R /Resources << >> >>'),
    Buffer.concat([
      Buffer.from(`<< /Length ${stream.length}${options.deflate ? ' /Filter /FlateDecode' : ''} >>\nstream\n`, 'latin1'),
      stream,
      Buffer.from('\nendstream', 'latin1'),
    ]),
    ...(options.objects ?? []).map((o) => Buffer.from(o, 'latin1')),
  ];
  const chunks = [Buffer.from('%PDF-1.4\n', 'latin1')];
  let at = chunks[0]?.length ?? 0;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(at);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    chunks.push(chunk);
    at += chunk.length;
  });
  let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) tail += `${String(o).padStart(10, '0')} 00000 n \n`;
  tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`;
  chunks.push(Buffer.from(tail, 'latin1'));
  return Buffer.concat(chunks);
}

/** A one-page PDF: a red filled square in the middle of an A6 page. */
export const minimalPdf = (): Buffer => onePagePdf('0.8 0.1 0.1 rg 50 100 200 200 re f');

/**
 * The hostile PDF from the security probe, in a few hundred bytes: one page whose compressed content
 * stream strokes a thick dashed diagonal `strokes` times. Drawing 50,000 of them takes minutes.
 */
export const strokesPdf = (strokes = 50_000): Buffer => onePagePdf('[0.5 0.5] 0 d 8 w 1 J 0 0 m 298 420 l S\n'.repeat(strokes), { deflate: true });

/** An ordinary-looking PDF that runs a script when opened (an OpenAction with JavaScript). */
export const scriptedPdf = (): Buffer =>
  onePagePdf('0.1 0.1 0.8 rg 50 100 200 200 re f', {
    catalog: '/OpenAction 5 0 R',
    objects: ['<< /Type /Action /S /JavaScript /JS (app.alert\\(document.cookie\\);) >>'],
  });

export const htmlPage = () => Buffer.from('<!doctype html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>');

/** The first bytes of a 64-bit Linux executable, padded: what a renamed binary looks like. */
export function elfExecutable(): Buffer {
  const b = Buffer.alloc(4096);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(b, 0);
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(0x3e, 18); // x86-64
  return b;
}

/** A PNG whose header claims a huge canvas over almost no data: what a decompression bomb looks like at the door. */
export function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
