// A member's referral code and link (/apps/tally/r/<code> on the storefront), created on first
// use. Codes are unique per shop (a unique index; a collision just draws another).
import type { DbTx } from "../../db/client";
import { generateReferralCode } from "../../loyalty/referrals";

export type ReferralLink = { code: string; url: string };

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";

export async function referralLinkOf(db: DbTx, shopId: string, memberId: string): Promise<ReferralLink | null> {
  // Plain SQL: GET /proxy/me asks this on every request when the shop runs referrals.
  const [row] = await db.$queryRaw<Array<{ referralCode: string | null; domain: string }>>`
    SELECT m."referralCode", s.domain FROM "Member" m JOIN "Shop" s ON s.id = m."shopId"
    WHERE m.id = ${memberId} AND m."shopId" = ${shopId} AND m."redactedAt" IS NULL`;
  if (!row) return null;
  const member = { referralCode: row.referralCode, shop: { domain: row.domain } };
  let code = member.referralCode;
  for (let attempt = 0; !code && attempt < 5; attempt++) {
    const candidate = generateReferralCode();
    try {
      // Only if still unset: two first requests at once end with the same code.
      await db.member.updateMany({ where: { id: memberId, shopId, referralCode: null }, data: { referralCode: candidate } });
      code = (await db.member.findUniqueOrThrow({ where: { id: memberId }, select: { referralCode: true } })).referralCode;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  if (!code) throw new Error("could not draw a unique referral code");
  return { code, url: `https://${member.shop.domain}/apps/tally/r/${code}` };
}
