import { createHash } from 'node:crypto';

/**
 * Deterministic UIDs. A 2.25 UID must carry a UUID, so each UID is a name-based (version 5, SHA-1) UUID of
 * `${seed}|${role}` under our own namespace, written as one decimal integer. Same seed and role, same UID;
 * no clock, no randomness.
 */
const NAMESPACE = Buffer.from('5b0c6a4e7f3d4d2a9a1e3c8f2b7d6e10', 'hex');

export function deterministicUid(seed: string, role: string): string {
  const digest = createHash('sha1').update(NAMESPACE).update(`${seed}|${role}`, 'utf8').digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  return `2.25.${BigInt(`0x${bytes.toString('hex')}`).toString(10)}`;
}

export const SopClass = {
  CTImage: '1.2.840.10008.5.1.4.1.1.2',
  Segmentation: '1.2.840.10008.5.1.4.1.1.66.4',
  RTStructureSet: '1.2.840.10008.5.1.4.1.1.481.3',
  Comprehensive3DSR: '1.2.840.10008.5.1.4.1.1.88.34',
  /** Retired Detached Study Management class, still what RTReferencedStudySequence items conventionally carry. */
  DetachedStudyManagement: '1.2.840.10008.3.1.2.3.1',
} as const;

export const ExplicitVRLittleEndian = '1.2.840.10008.1.2.1';

/** Identifies this generator in the file meta information (0002,0012); fixed so output stays byte-identical. */
export const ImplementationClassUID = deterministicUid('idc-derived-viewer', 'implementation-class');
export const ImplementationVersionName = 'IDCDV_SAMPLES_1';
