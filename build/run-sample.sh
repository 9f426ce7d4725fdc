#!/usr/bin/env bash
# Packs AsymVLM.Data and AsymVLM.Inference into artifacts/packages and runs samples/AskSample on them, as an outside
# app would. The two packages are restored afresh: a copy of an earlier pack of the same version in the NuGet cache
# would otherwise hide what this pack contains. Pass --packages DIR to restore everything into a clean folder instead.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf artifacts/packages
dotnet pack src/Data/Data.csproj -c Release
dotnet pack src/Inference/Inference.csproj -c Release
restore=(--force)
if [ "${1:-}" = "--packages" ]; then
  restore+=(--packages "$2")
else
  cache=$(dotnet nuget locals global-packages --list | sed -E 's/^global-packages: //')
  rm -rf "${cache%/}/asymvlm.data" "${cache%/}/asymvlm.inference"
fi
dotnet restore samples/AskSample "${restore[@]}"
dotnet run -c Release --no-restore --project samples/AskSample -- .
