export type AuthErrorCode = 'auth.unauthenticated' | 'auth.forbidden';
