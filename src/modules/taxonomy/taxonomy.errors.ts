export type TaxonomyErrorCode = 'taxonomy.duplicate_code' | 'taxonomy.election_not_found';
