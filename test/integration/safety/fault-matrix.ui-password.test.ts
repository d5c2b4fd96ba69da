import { faultMatrix } from './fault-matrix.js';

faultMatrix('UI_PASSWORD');
