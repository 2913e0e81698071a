// QR code of the address (renderer): drawn as SVG by `qrcode`, shown as a data: image (CSP allows img data:).
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

export function QrCode({ text, label }: { text: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Always dark on light with a quiet zone, whatever the theme: scanners need it.
    QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } })
      .then((svg) => {
        if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => {
        if (live) setSrc(null);
      });
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <figure className="qr">
      {src ? <img src={src} alt={label} width={168} height={168} /> : <div className="qr-placeholder" role="img" aria-label={label} />}
    </figure>
  );
}
