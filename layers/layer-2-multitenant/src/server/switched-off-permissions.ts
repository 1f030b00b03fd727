import { patternCovers } from '../shared/can.ts'
import type { CataloguePermission } from './permission-catalogue.ts'

/**
 * A role's grants without what layers switched off for the tenant contributed. A grant that
 * names or covers only such permissions is dropped; a pattern covering permissions of layers on
 * and off (`*.view`) becomes the concrete names of those that are on. A grant the catalogue
 * does not know is kept, as `can()` would read it.
 */
export function withoutSwitchedOff(
  granted: readonly string[],
  catalogue: readonly CataloguePermission[],
  isOn: (layer: string) => boolean,
): string[] {
  const kept: string[] = []
  for (const grant of granted) {
    if (grant === '*') {
      kept.push(grant)
      continue
    }
    const covered = catalogue.filter((p) => patternCovers(grant, p.name))
    const on = covered.filter((p) => isOn(p.layer))
    if (on.length === covered.length) kept.push(grant)
    else for (const p of on) if (!kept.includes(p.name)) kept.push(p.name)
  }
  return kept
}
