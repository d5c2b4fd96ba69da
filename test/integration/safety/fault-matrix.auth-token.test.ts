import { faultMatrix } from './fault-matrix.js';

faultMatrix('AUTH_TOKEN');
