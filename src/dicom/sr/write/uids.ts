// UIDs for what the writer makes: 2.25 followed by the decimal value of a 128-bit number (PS3.5 B.2), random for
// new instances, and from a UUID where one already names the thing (a Cornerstone annotation), so the same
// measurement keeps its Tracking Unique Identifier from one export to the next.

/** A new random UID (UUID version 4 bits set, as PS3.5 B.2 describes). */
export function newUid(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}`).toString()}`;
}

/** The UID of a UUID ("0f8e...-..."), or a new one when `uuid` is not one. */
export function uidFromUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  return /^[0-9a-fA-F]{32}$/.test(hex) ? `2.25.${BigInt(`0x${hex}`).toString()}` : newUid();
}
