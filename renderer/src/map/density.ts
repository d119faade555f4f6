/**
 * Proportional circles: the circle's area, not its radius, is proportional
 * to the count, so twice the reads looks twice as big (the cartographic rule;
 * radius scaling would overstate large counts fourfold).
 */
export function densityRadius(
  count: number,
  maxCount: number,
  maxRadius = 30,
  minRadius = 3,
): number {
  if (maxCount <= 0 || count <= 0) return 0;
  return Math.max(minRadius, maxRadius * Math.sqrt(count / maxCount));
}
