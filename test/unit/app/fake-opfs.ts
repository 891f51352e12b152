/**
 * An in-memory stand-in for the origin-private file system's directory handles: the
 * calls the plant library makes (files written through createWritable, moved, read,
 * removed; sub-directories), so it is tested in Node.
 */
export class FakeDir {
  readonly files = new Map<string, Uint8Array>();
  readonly dirs = new Map<string, FakeDir>();
  /** Set to make every write fail, as a full disk does. */
  static full = false;

  async getDirectoryHandle(name: string, opts?: { create?: boolean }): Promise<FakeDir> {
    let d = this.dirs.get(name);
    if (!d) {
      if (!opts?.create) throw new DOMException('not found', 'NotFoundError');
      d = new FakeDir();
      this.dirs.set(name, d);
    }
    return d;
  }

  async getFileHandle(name: string, opts?: { create?: boolean }) {
    if (!this.files.has(name)) {
      if (!opts?.create) throw new DOMException('not found', 'NotFoundError');
      this.files.set(name, new Uint8Array(0));
    }
    let current = name;
    return {
      getFile: async () => {
        const bytes = this.files.get(current);
        if (!bytes) throw new DOMException('not found', 'NotFoundError');
        return new File([bytes as Uint8Array<ArrayBuffer>], current);
      },
      createWritable: async () => {
        const parts: Uint8Array[] = [];
        return {
          write: async (b: Uint8Array) => void parts.push(new Uint8Array(b)),
          close: async () => {
            if (FakeDir.full) throw new DOMException('storage is full', 'QuotaExceededError');
            const total = parts.reduce((n, p) => n + p.length, 0);
            const out = new Uint8Array(total);
            let at = 0;
            for (const p of parts) {
              out.set(p, at);
              at += p.length;
            }
            this.files.set(current, out);
          },
        };
      },
      move: async (to: string) => {
        const bytes = this.files.get(current)!;
        this.files.delete(current);
        this.files.set(to, bytes);
        current = to;
      },
    };
  }

  async removeEntry(name: string): Promise<void> {
    if (!this.files.delete(name) && !this.dirs.delete(name)) {
      throw new DOMException('not found', 'NotFoundError');
    }
  }

  /** As the library sees it: a FileSystemDirectoryHandle. */
  asHandle(): FileSystemDirectoryHandle {
    return this as unknown as FileSystemDirectoryHandle;
  }
}
