import { faultMatrix } from './fault-matrix.js';

faultMatrix('CUSTOMER_SECRET_KEY');
