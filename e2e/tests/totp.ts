import { createHmac } from "node:crypto";

/** RFC 4648 base32 (no padding) to bytes. */
function base32Decode(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const character of text.replace(/=+$/, "").toUpperCase()) {
    const value = alphabet.indexOf(character);
    if (value < 0) throw new Error(`not base32: ${character}`);
    bits += value.toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let index = 0; index + 8 <= bits.length; index += 8) bytes.push(parseInt(bits.slice(index, index + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238 code (HMAC-SHA1, 6 digits, 30 s) for a given Unix time in seconds. */
export function totpCode(secretBase32: string, unixSeconds: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const digest = createHmac("sha1", base32Decode(secretBase32)).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const value = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

/** A valid fiscal code with random name letters: each run registers new people. */
export function randomFiscalCode(): string {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let body = "";
  for (let index = 0; index < 6; index++) body += letters[Math.floor(Math.random() * 26)];
  body += "80A01F205";
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  let total = 0;
  [...body].forEach((character, index) => {
    const ordinal = /[0-9]/.test(character) ? Number(character) : character.charCodeAt(0) - 65;
    total += index % 2 === 0 ? odd[ordinal] : ordinal;
  });
  return body + String.fromCharCode(65 + (total % 26));
}
