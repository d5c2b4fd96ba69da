import { API_VERSION_PREFIX, type Route, type ServiceModule } from './route.js';

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

/** Matches `METHOD /<api version>/<path>` to a service route and decodes its path parameters. */
export class RouteTable {
  readonly #routes: CompiledRoute[];

  constructor(modules: readonly ServiceModule[]) {
    this.#routes = modules.flatMap((module) =>
      module.routes.map((route) => {
        const names: string[] = [];
        const source = `${API_VERSION_PREFIX[route.service]}${route.path}`.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_match, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
        return { route, pattern: new RegExp(`^${source}$`), names };
      }),
    );
  }

  match(method: string, pathname: string): { route: Route; params: Record<string, string> } | null {
    for (const candidate of this.#routes) {
      if (candidate.route.method !== method) continue;
      const found = candidate.pattern.exec(pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      candidate.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { route: candidate.route, params };
    }
    return null;
  }
}
