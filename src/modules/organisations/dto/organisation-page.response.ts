import { PageResponse } from '../../../common/http/pagination.js';
import { OrganisationResponse } from './organisation.response.js';

export class OrganisationPage extends PageResponse(OrganisationResponse) {}
