/** Roles of API tokens: planners create and run scenarios, reviewers read, comment and approve, admins do it all. */
export const ROLES = ['planner', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Whether a role may do what needs one of `required`: admin may do everything; otherwise the role must be listed.
 * @example allows('reviewer', ['planner']) // false
 */
export function allows(role: Role, required: readonly Role[]): boolean {
  return role === 'admin' || required.length === 0 || required.includes(role);
}
