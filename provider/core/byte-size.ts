/** A byte count in the decimal units the docker CLI uses (1 kB = 1000 B), as a value and its unit. */
export function decimalSize(bytes: number): { readonly value: number; readonly unit: string } {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return { value, unit: units[unit]! };
}
