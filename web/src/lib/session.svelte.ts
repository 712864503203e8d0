import { api, ApiError, type User } from './api.ts';

/** Who is signed in, for every page; null when nobody is. */
class Session {
  user = $state<User | null>(null);
  loaded = $state(false);

  async load(): Promise<void> {
    try {
      this.user = await api.me();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      this.user = null;
    }
    this.loaded = true;
  }
}

export const session = new Session();
