import type { ServiceModule } from '../http/route.js';
import { cloudGuardService } from './cloudguard.js';
import { identityService } from './identity.js';
import { notificationTopicsService } from './notification-topics.js';
import { notificationsService } from './notifications.js';
import { objectStorageService } from './object-storage.js';
import { resourceListingsService } from './resource-listings.js';
import { secretsService } from './secrets.js';
import { vaultService } from './vault.js';

export const SERVICE_MODULES: readonly ServiceModule[] = [
  identityService,
  vaultService,
  secretsService,
  notificationsService,
  cloudGuardService,
  objectStorageService,
  notificationTopicsService,
  resourceListingsService,
];
