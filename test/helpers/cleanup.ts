// Cleanup registered before a resource is used; run after each test (root hook), LIFO, pass or fail.
type Fn = () => unknown | Promise<unknown>;

class Cleanup {
  private stack: Fn[] = [];

  add(fn: Fn): void {
    this.stack.push(fn);
  }

  async run(): Promise<Error[]> {
    const errors: Error[] = [];
    while (this.stack.length) {
      const fn = this.stack.pop()!;
      try {
        await fn();
      } catch (e) {
        errors.push(e instanceof Error ? e : new Error(String(e)));
      }
    }
    return errors;
  }
}

export const cleanup = new Cleanup();
