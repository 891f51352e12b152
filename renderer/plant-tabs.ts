/**
 * One tab per plant in the browser build. Each tab runs its own engine worker over the
 * same stored plants, and a tab saves its whole plant file: two tabs writing one plant
 * would each overwrite the other's changes. So a tab may save a plant only while it
 * holds that plant's Web Lock; a tab that cannot get it shows the plant read-only (its
 * engine refuses every change). "Take over" steals the lock: the other tab is told by
 * its lock request failing and turns read-only itself.
 *
 * The tab's plant id is kept in sessionStorage, so a reload reopens the same plant (and
 * a tab that closed its plant reopens none); a new tab opens the last opened plant.
 */

const TAB_PLANT = 'pdm.tabPlant';
const lockName = (id: string) => `pdm-plant:${id}`;

type Lost = (id: string) => void;

let held: { id: string; release: () => void } | null = null;
let onLost: Lost = () => undefined;

function locks(): LockManager | null {
  return (typeof navigator !== 'undefined' && navigator.locks) || null;
}

/** What the engine opens at start: this tab's plant (or none), read-only until claimed. */
export function tabPlantChoice(): { plantId?: string | null; readOnly: boolean } {
  let saved: string | null = null;
  try {
    saved = sessionStorage.getItem(TAB_PLANT);
  } catch {
    /* storage blocked: open the last opened plant */
  }
  const plantId = saved === null ? undefined : saved || null;
  return { plantId, readOnly: !(held && held.id === plantId) };
}

/** Remembers this tab's plant (null: none open) for a reload. */
export function rememberTabPlant(id: string | null): void {
  try {
    sessionStorage.setItem(TAB_PLANT, id ?? '');
  } catch {
    /* storage blocked: a reload opens the last opened plant */
  }
}

/** Called when another tab takes over the plant this tab held. */
export function whenTakenOver(fn: Lost): void {
  onLost = fn;
}

/** Lets go of the plant this tab holds (another plant opened, the plant closed). */
export function releasePlant(): void {
  held?.release();
  held = null;
}

/**
 * Holds plant `id` for this tab; false when another tab holds it. `steal` takes it
 * from that tab. Without Web Locks (an old browser) every tab may save, as before.
 */
export async function claimPlant(id: string, steal = false): Promise<boolean> {
  if (held?.id === id) return true;
  releasePlant();
  const lm = locks();
  if (!lm) return true;
  return new Promise<boolean>((resolve) => {
    let release = () => undefined as void;
    const kept = new Promise<void>((r) => (release = r));
    const opts: LockOptions = steal ? { steal: true } : { ifAvailable: true };
    lm.request(lockName(id), opts, async (lock) => {
      if (!lock) {
        resolve(false);
        return;
      }
      held = { id, release };
      resolve(true);
      await kept;
    }).catch(() => {
      // The request failed while holding: another tab stole the lock.
      if (held?.id === id) {
        held = null;
        onLost(id);
      }
    });
  });
}

/** True when another tab holds plant `id` (it must not be deleted from here). */
export async function heldByOtherTab(id: string): Promise<boolean> {
  const lm = locks();
  if (!lm || held?.id === id) return false;
  const state = await lm.query();
  return (state.held ?? []).some((l) => l.name === lockName(id));
}
