// Turning a thrown value into words for the store (renderer).
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
