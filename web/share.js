// Share links: a reader's code travels in the address's #fragment, so no
// server is needed and nothing is sent anywhere. The fragment is
//   #share=<block id>&code=<version><payload>
// where version "1" is raw DEFLATE (CompressionStream) in base64url, and
// "0" is plain UTF-8 in base64url, for a browser without CompressionStream.
// Limits come from ptc.browser_limits.

export class ShareError extends Error {
  constructor(kind, detail) {
    super(detail || kind);
    this.kind = kind; // "corrupt" or "too_long"
  }
}

function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShareError("corrupt", "not base64url");
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  let binary;
  try {
    binary = atob(padded);
  } catch {
    throw new ShareError("corrupt", "not base64url");
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream, maxBytes) {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      reader.cancel();
      throw new ShareError("too_long", "the code inside the link is too long");
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export async function encode(code) {
  const bytes = new TextEncoder().encode(code);
  if (typeof CompressionStream === "function") {
    return "1" + toBase64Url(await pipe(bytes, new CompressionStream("deflate-raw"), Infinity));
  }
  return "0" + toBase64Url(bytes);
}

export async function decode(payload, maxChars) {
  const version = payload[0];
  const bytes = fromBase64Url(payload.slice(1));
  let raw;
  if (version === "0") raw = bytes;
  else if (version === "1" && typeof DecompressionStream === "function") {
    try {
      raw = await pipe(bytes, new DecompressionStream("deflate-raw"), maxChars * 4);
    } catch (err) {
      if (err instanceof ShareError) throw err;
      throw new ShareError("corrupt", "not DEFLATE data");
    }
  } else throw new ShareError("corrupt", `unknown link version ${JSON.stringify(version)}`);
  let code;
  try {
    code = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new ShareError("corrupt", "not UTF-8 text");
  }
  if (code.length > maxChars) throw new ShareError("too_long", "the code inside the link is too long");
  return code;
}

// The share request in a fragment, or null when the fragment is not one.
export function parse(hash) {
  if (!hash.startsWith("#share=")) return null;
  const params = new URLSearchParams(hash.slice(1));
  return { block: params.get("share") || "", payload: params.get("code") || "" };
}

export function fragment(block, payload) {
  return `#share=${encodeURIComponent(block)}&code=${payload}`;
}
