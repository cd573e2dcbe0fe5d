// The SR document SOP classes (PS3.4 B.5) and their names.

/** SR document SOP classes whose content tree decodeReport reads (PS3.4 B.5). */
export const SRSOPClass = {
  BasicTextSR: '1.2.840.10008.5.1.4.1.1.88.11',
  EnhancedSR: '1.2.840.10008.5.1.4.1.1.88.22',
  ComprehensiveSR: '1.2.840.10008.5.1.4.1.1.88.33',
  Comprehensive3DSR: '1.2.840.10008.5.1.4.1.1.88.34',
  ExtensibleSR: '1.2.840.10008.5.1.4.1.1.88.35',
  KeyObjectSelectionDocument: '1.2.840.10008.5.1.4.1.1.88.59',
} as const;

const SR_DOCUMENT_NAMES: Record<string, string> = {
  [SRSOPClass.BasicTextSR]: 'Basic Text SR',
  [SRSOPClass.EnhancedSR]: 'Enhanced SR',
  [SRSOPClass.ComprehensiveSR]: 'Comprehensive SR',
  [SRSOPClass.Comprehensive3DSR]: 'Comprehensive 3D SR',
  [SRSOPClass.ExtensibleSR]: 'Extensible SR',
  [SRSOPClass.KeyObjectSelectionDocument]: 'Key Object Selection Document',
};

/** Human name of an SR SOP class, or null when the class is not an SR document class we know. */
export function srDocumentName(sopClassUID: string | null): string | null {
  return sopClassUID ? (SR_DOCUMENT_NAMES[sopClassUID] ?? null) : null;
}
