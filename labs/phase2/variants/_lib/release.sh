# Shared by phase2's variants: where the repo is, and the versions the learner works out.
cd "/workspace/$LAB_PARAM_REPO"
prev="$LAB_PARAM_PREV_MAJOR.$LAB_PARAM_PREV_MINOR.$LAB_PARAM_PREV_PATCH"
case "$LAB_PARAM_BUMP" in
  major) next="$((LAB_PARAM_PREV_MAJOR + 1)).0.0" ;;
  minor) next="$LAB_PARAM_PREV_MAJOR.$((LAB_PARAM_PREV_MINOR + 1)).0" ;;
  *) next="$LAB_PARAM_PREV_MAJOR.$LAB_PARAM_PREV_MINOR.$((LAB_PARAM_PREV_PATCH + 1))" ;;
esac
# a plausible wrong answer: another bump than the commits call for
case "$LAB_PARAM_BUMP" in
  patch) wrong="$LAB_PARAM_PREV_MAJOR.$((LAB_PARAM_PREV_MINOR + 1)).0" ;;
  *) wrong="$LAB_PARAM_PREV_MAJOR.$LAB_PARAM_PREV_MINOR.$((LAB_PARAM_PREV_PATCH + 1))" ;;
esac
set_version() { sed -i -E "s/^version = \"[^\"]+\"/version = \"$1\"/" pyproject.toml; }
