/** Whole months of service completed between hire date and now (0 before the first month ends). */
export function tenureInMonths(hireDate: Date, now: Date): number {
  let months = (now.getUTCFullYear() - hireDate.getUTCFullYear()) * 12 + (now.getUTCMonth() - hireDate.getUTCMonth());
  if (now.getUTCDate() < hireDate.getUTCDate()) months -= 1;
  return Math.max(0, months);
}
