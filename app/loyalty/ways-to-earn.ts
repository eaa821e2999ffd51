// The program's other ways to earn, as GET /proxy/program lists them after orders and sign-up.
// `action` tells a client how to take part: a click posted to /proxy/actions/social_follow (then
// open `url`), a birthday posted to /proxy/birthday, or the member's referral link from /proxy/me.
import type { ProgramSettings } from "./program-settings";
import { safeLink } from "./safe-link";

export type WayToEarn = {
  id: string;
  title: string;
  points: number;
  description: string;
  action?: { type: "social_follow"; network: string; url: string | null } | { type: "birthday" } | { type: "referral" };
};

const NETWORK_NAMES: Record<string, string> = { instagram: "Instagram", facebook: "Facebook", tiktok: "TikTok", x: "X", youtube: "YouTube", pinterest: "Pinterest" };

export function extraWaysToEarn(settings: ProgramSettings): WayToEarn[] {
  const plural = settings.currency.plural;
  const ways: WayToEarn[] = [];
  const b = settings.birthday;
  if (b.enabled && (b.points > 0 || b.rewardId)) {
    ways.push({ id: "birthday", title: "Celebrate your birthday", points: b.points, description: b.points > 0 ? `${b.points} ${plural} on your birthday` : "A gift on your birthday", action: { type: "birthday" } });
  }
  for (const [network, rule] of Object.entries(settings.actions.socialFollow)) {
    if (!rule?.enabled || rule.points <= 0) continue;
    const name = NETWORK_NAMES[network] ?? network;
    ways.push({ id: `social_follow:${network}`, title: `Follow us on ${name}`, points: rule.points, description: `${rule.points} ${plural} for following us on ${name}`, action: { type: "social_follow", network, url: safeLink(rule.url) } });
  }
  const email = settings.actions.emailSignup;
  if (email.enabled && email.points > 0) ways.push({ id: "email_signup", title: "Subscribe to our emails", points: email.points, description: `${email.points} ${plural} when you subscribe` });
  const review = settings.actions.productReview;
  if (review.enabled && review.points > 0) ways.push({ id: "product_review", title: "Review a product", points: review.points, description: `${review.points} ${plural} for a product review` });
  const r = settings.referrals;
  if (r.enabled && r.advocatePoints > 0) {
    ways.push({ id: "referral", title: "Refer a friend", points: r.advocatePoints, description: `${r.advocatePoints} ${plural} when a friend places a first order`, action: { type: "referral" } });
  }
  return ways;
}
