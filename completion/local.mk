# completion/: the bash completion of nsctl, installed where
# `pkg-config --variable=completionsdir bash-completion` says
# (configure: --with-bashcompletiondir).
if WITH_BASHCOMPLETIONDIR
dist_bashcompletion_DATA = completion/nsctl
else
EXTRA_DIST += completion/nsctl
endif
