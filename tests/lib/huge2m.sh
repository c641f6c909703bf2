# shellcheck shell=bash
# shellcheck disable=SC2015 # "A && B || abort" aborts when either fails
# 2 MiB hugepages for an e2e script that runs sluice on them: the pool grown
# and a hugetlbfs mounted by the script, both put back as they were at exit.
# Source after tests/lib/e2e.sh; call huge2m_setup once, and
# huge2m_restore from the script's EXIT trap after e2e_cleanup_all (the
# processes hold the pages).

huge2m_pool=/sys/kernel/mm/hugepages/hugepages-2048kB
[ -d /sys/devices/system/node/node0/hugepages ] &&
	huge2m_pool=/sys/devices/system/node/node0/hugepages/hugepages-2048kB
huge2m_dir=/tmp/sl$$-huge2M
huge2m_saved=
huge2m_mounted=

# huge2m_setup MORE FREE: MORE pages added to the pool, at least FREE of them
# free, our hugetlbfs mounted at $huge2m_dir; aborts the script otherwise.
huge2m_setup() {
	local more=$1 free=$2
	[ -d "$huge2m_pool" ] || e2e_abort setup "this kernel offers no 2 MiB pages"
	huge2m_saved=$(cat "$huge2m_pool/nr_hugepages")
	echo $((huge2m_saved + more)) >"$huge2m_pool/nr_hugepages"
	[ "$(cat "$huge2m_pool/free_hugepages")" -ge "$free" ] ||
		e2e_abort setup "only $(cat "$huge2m_pool/free_hugepages") free 2 MiB pages after asking for $more more"
	mkdir -p "$huge2m_dir" && mount -t hugetlbfs -o pagesize=2M none "$huge2m_dir" &&
		huge2m_mounted=1 || e2e_abort setup "cannot mount hugetlbfs at $huge2m_dir"
}

# huge2m_restore: our files and mount gone, the pool as it was.
huge2m_restore() {
	if [ -n "$huge2m_mounted" ]; then
		rm -f "$huge2m_dir"/sl"$$"-* 2>/dev/null
		umount "$huge2m_dir" && rmdir "$huge2m_dir" || echo "could not unmount $huge2m_dir" >&2
	fi
	[ -z "$huge2m_saved" ] || echo "$huge2m_saved" >"$huge2m_pool/nr_hugepages" ||
		echo "could not restore $huge2m_pool/nr_hugepages to $huge2m_saved" >&2
}

# huge2m_files PREFIX: the files a DPDK prefix holds in any hugetlbfs mount
# (sluice takes the first 2M mount, which may be another than ours).
huge2m_files() {
	local d
	awk '$3 == "hugetlbfs" { print $2 }' /proc/mounts | while read -r d; do
		compgen -G "$d/$1map_*"
	done
}
