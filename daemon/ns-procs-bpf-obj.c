/* The compiled BPF program (daemon/ns-procs-bpf.bpf.o, built by clang from
 * ns-procs-bpf.bpf.c), embedded in the daemon so that nothing is installed
 * beside it: libbpf opens it from memory.  NS_PROCS_BPF_OBJ, the object's
 * path in the build tree, comes from daemon/local.mk, which also makes this
 * file's object depend on it (.incbin is no #include: the compiler's
 * dependency tracking does not see it). */
__asm__(".section .rodata\n"
        ".balign 8\n"
        ".globl ns_procs_bpf_obj\n"
        ".type ns_procs_bpf_obj, @object\n"
        "ns_procs_bpf_obj:\n"
        ".incbin \"" NS_PROCS_BPF_OBJ "\"\n"
        ".globl ns_procs_bpf_obj_end\n"
        "ns_procs_bpf_obj_end:\n"
        ".previous\n");
