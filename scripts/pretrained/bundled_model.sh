#!/usr/bin/env bash
# Writes the weights of an earlier bundled model, as committed, to
# .build-pretrained/NAME-VERSION.safetensors, for recipes that fine-tune it
# (their transfer.source names the commit). Usage: bundled_model.sh NAME COMMIT
set -euo pipefail
name=$1 commit=$2
cd "$(dirname "$0")/../.."
version=$(git show "$commit:Models/$name/card.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
mkdir -p .build-pretrained
git show "$commit:Models/$name/weights.safetensors" > ".build-pretrained/$name-$version.safetensors"
echo ".build-pretrained/$name-$version.safetensors: $name $version from $commit ($(sha256sum ".build-pretrained/$name-$version.safetensors" | cut -c1-16)…)"
