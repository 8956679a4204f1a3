import { downgradeSentence as downgradeIn, overageSentence as overageIn, upgradeSentence as upgradeIn } from "../../../lib/insight-sentences";
import { insightWords } from "../insight-words";
import type { DowngradeFact, OverageFact, UpgradeFact } from "./right-sizing";

// The right-sizing sentences in English, as reports store them and digests and the summary's facts
// use them (lib/insight-sentences.ts writes them; the Insights page writes them in the reader's language).

/** "At most 16 % of Pro used in the last three periods — Starter saves $70 a month." */
export const downgradeSentence = (fact: DowngradeFact): string => downgradeIn(fact, insightWords());

/** "This period's overage will cost about $300 — Enterprise is cheaper above 300,000 units." */
export const overageSentence = (fact: OverageFact): string => overageIn(fact, insightWords());

/** "Usage units this period will pass Starter's hard limit of 10,000 (about 14,000) — Pro raises it to 100,000 for $70 more a month." */
export const upgradeSentence = (fact: UpgradeFact): string => upgradeIn(fact, insightWords());
