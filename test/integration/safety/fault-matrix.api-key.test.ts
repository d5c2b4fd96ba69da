import { faultMatrix } from './fault-matrix.js';

faultMatrix('API_KEY');
