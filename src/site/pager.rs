//! The pager arithmetic of a paginated list, in one place: how many pagers a list has,
//! where each one is, which members it shows, and which one holds a given member. The
//! render step and serve's incremental update both ask it, so they cannot disagree on
//! which pager shows a page.

use crate::content::urls::pager_path;

/// A list of `members` (page indexes, in listing order) at URL path `path`, shown
/// `size` at a time: `PATH`, `PATH/page/2/`, ...
#[derive(Debug, Clone, Copy)]
pub struct Paginator<'a> {
    path: &'a str,
    members: &'a [usize],
    size: usize,
}

impl<'a> Paginator<'a> {
    /// A `size` of 0 is taken as 1, as `paginate = 0` in the config has always been.
    pub fn new(path: &'a str, members: &'a [usize], size: usize) -> Paginator<'a> {
        Paginator {
            path,
            members,
            size: size.max(1),
        }
    }

    /// How many pagers: an empty list still has its first one.
    pub fn count(&self) -> usize {
        self.members.len().div_ceil(self.size).max(1)
    }

    /// Every member, in listing order.
    pub fn members(&self) -> &'a [usize] {
        self.members
    }

    /// The URL path of pager `n` (1-based); pager 1 is the list itself.
    pub fn path(&self, n: usize) -> String {
        pager_path(self.path, n)
    }

    /// The members pager `n` shows (empty past the last one).
    pub fn shown(&self, n: usize) -> &'a [usize] {
        let len = self.members.len();
        let start = (n.saturating_sub(1) * self.size).min(len);
        &self.members[start..(start + self.size).min(len)]
    }

    /// The pager that shows `member`, if the list has it.
    pub fn holding(&self, member: usize) -> Option<usize> {
        let pos = self.members.iter().position(|&m| m == member)?;
        Some(pos / self.size + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_paths_and_members() {
        let members = [7, 3, 9, 1, 4];
        let p = Paginator::new("/post/", &members, 2);
        assert_eq!(p.count(), 3);
        assert_eq!(p.path(1), "/post/");
        assert_eq!(p.path(3), "/post/page/3/");
        assert_eq!(p.shown(1), &[7, 3]);
        assert_eq!(p.shown(3), &[4]);
        assert!(p.shown(4).is_empty());
        assert_eq!(p.holding(9), Some(2));
        assert_eq!(p.holding(4), Some(3));
        assert_eq!(p.holding(8), None);
    }

    #[test]
    fn an_empty_list_has_one_pager_and_size_zero_is_one() {
        let p = Paginator::new("/tags/go/", &[], 10);
        assert_eq!((p.count(), p.shown(1).len()), (1, 0));
        let p = Paginator::new("/", &[5, 6], 0);
        assert_eq!((p.count(), p.holding(6)), (2, Some(2)));
    }
}
