export * from './profile-spec';
export * from './naming';
