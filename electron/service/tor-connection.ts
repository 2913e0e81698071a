// The app's one TorLink and its status events (plain Node). New Tor settings
// replace the link, but only while no share uses it: a running share keeps
// the connection it was published on.
import type { ApiEvent, Problem } from '../contract';
import type { AppContext } from '../core/app-context';
import { createLinkFor } from '../core/link-factory';
import type { TorLink } from '../core/tor/link-types';
import { torStatusOf } from './tor-status';

export class TorConnection {
  private current: TorLink;

  constructor(
    app: AppContext,
    private readonly emit: (e: ApiEvent) => void,
    private readonly problemOf: (error: unknown) => Problem,
  ) {
    this.current = this.attach(createLinkFor(app));
  }

  get link(): TorLink {
    return this.current;
  }

  status(): ReturnType<typeof torStatusOf> {
    return torStatusOf(this.current.status, this.problemOf);
  }

  /** A link for the new settings; the old one is closed. */
  async replace(app: AppContext): Promise<void> {
    const old = this.current;
    this.current = this.attach(createLinkFor(app));
    await old.close();
    this.emit({ event: 'tor', payload: this.status() });
  }

  close(): Promise<void> {
    return this.current.close();
  }

  private attach(next: TorLink): TorLink {
    next.onStatus((s) => {
      // A replaced link may still report while it closes; only the current one speaks.
      if (this.current === next) this.emit({ event: 'tor', payload: torStatusOf(s, this.problemOf) });
    });
    return next;
  }
}
