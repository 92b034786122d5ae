from newsroom_tui.cli import main

raise SystemExit(main())
