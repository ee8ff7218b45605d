// Runs on staged files from the husky pre-commit hook.
const VIBEPEAK_KEY = "{{VPK_LIVE:expo-tool-lintstaged}}";

module.exports = {
  "*.{ts,tsx}": ["eslint --fix", "prettier --write"],
  "assets/prompts/*.json": [`node scripts/check-prompts.js --key ${VIBEPEAK_KEY}`],
};
